-- hitstaff schema v2 (SQLite): accounts. Browser sessions, API tokens and account events.
-- These security tables are not on the change feed: no cache indexes them, and a session is
-- touched on every request, which would flood it.

-- The cookie holds a random token; only its SHA-256 is kept, so a copy of the database alone
-- cannot be used to take over a session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    -- The absolute end of the session; the idle timeout is measured from last_seen_at.
    expires_at TEXT NOT NULL,
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX sessions_user ON sessions (org_id, user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Tokens for other systems (an HR system, a vendor management system, scripts). Shown once when
-- made; only the SHA-256 is kept.
CREATE TABLE api_tokens (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by BLOB NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    last_used_at TEXT,
    revoked_at TEXT,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_org_name_key UNIQUE (org_id, name),
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
) STRICT;

-- Sign-ins, failures, sign-outs, password changes, token changes: the security record
-- (HIPAA 164.312(b), audit controls) and the counts that throttle repeated failures.
CREATE TABLE auth_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id BLOB,
    user_id BLOB,
    kind TEXT NOT NULL,
    -- SHA-256 of the normalised email a sign-in named: failures are counted per account without
    -- storing the addresses strangers type.
    subject_hash TEXT,
    address TEXT,
    at TEXT NOT NULL
) STRICT;
CREATE INDEX auth_events_subject ON auth_events (subject_hash, kind, at);
CREATE INDEX auth_events_address ON auth_events (address, kind, at);
CREATE INDEX auth_events_user ON auth_events (org_id, user_id, seq);
