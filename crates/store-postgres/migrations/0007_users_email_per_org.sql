-- hitstaff schema v7 (PostgreSQL): an email address is unique within an organisation, not across
-- the installation. With one address per installation, an administrator of one organisation could
-- learn, from the conflict, that someone is registered with another. Sign-in looks the address up
-- in every organisation and tries the password against each account found.
ALTER TABLE users DROP CONSTRAINT users_email_key;
ALTER TABLE users ADD CONSTRAINT users_org_email_key UNIQUE (org_id, email);
-- Sign-in finds an address in every organisation.
CREATE INDEX users_email ON users (email);
