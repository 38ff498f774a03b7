-- no-transaction
-- hitstaff schema v7 (SQLite): an email address is unique within an organisation, not across the
-- installation. With one address per installation, an administrator of one organisation could
-- learn, from the conflict, that someone is registered with another. Sign-in looks the address up
-- in every organisation and tries the password against each account found.
--
-- SQLite cannot drop a table constraint, so the table is rebuilt (SQLite's documented procedure:
-- foreign keys off outside the transaction, copy, drop, rename, check, foreign keys back on). The
-- rebuild is safe to repeat, should the process stop between the commit and the bookkeeping.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE IF EXISTS users_rebuilt;
CREATE TABLE users_rebuilt (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL REFERENCES organizations (id),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    client_id BLOB,
    active INTEGER NOT NULL,
    password_hash TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT users_org_email_key UNIQUE (org_id, email),
    CONSTRAINT users_org_id_key UNIQUE (org_id, id),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'recruiter', 'account_manager', 'compliance_officer', 'hiring_manager', 'auditor')),
    -- A hiring manager sees one client; nobody else is tied to one.
    CONSTRAINT users_client_scope_check CHECK ((role = 'hiring_manager') = (client_id IS NOT NULL)),
    CONSTRAINT users_client_fkey FOREIGN KEY (org_id, client_id) REFERENCES clients (org_id, id)
) STRICT;
INSERT INTO users_rebuilt (id, org_id, email, name, role, client_id, active, password_hash, created_at, updated_at)
    SELECT id, org_id, email, name, role, client_id, active, password_hash, created_at, updated_at FROM users;
DROP TABLE users;
ALTER TABLE users_rebuilt RENAME TO users;
-- Sign-in finds an address in every organisation.
CREATE INDEX users_email ON users (email);
COMMIT;
PRAGMA foreign_keys = ON;
