-- hitstaff schema v2 (PostgreSQL): accounts. Browser sessions, API tokens and account events.
-- These security tables are not on the change feed: no cache indexes them, and a session is
-- touched on every request, which would flood it.

-- The cookie holds a random token; only its SHA-256 is kept, so a copy of the database alone
-- cannot be used to take over a session.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    org_id UUID NOT NULL,
    user_id UUID NOT NULL,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    -- The absolute end of the session; the idle timeout is measured from last_seen_at.
    expires_at TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
);
CREATE INDEX sessions_user ON sessions (org_id, user_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- Tokens for other systems (an HR system, a vendor management system, scripts). Shown once when
-- made; only the SHA-256 is kept.
CREATE TABLE api_tokens (
    id UUID PRIMARY KEY NOT NULL,
    org_id UUID NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL,
    scopes JSONB NOT NULL,
    created_by UUID NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    CONSTRAINT api_tokens_hash_key UNIQUE (token_hash),
    CONSTRAINT api_tokens_org_name_key UNIQUE (org_id, name),
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);

-- Sign-ins, failures, sign-outs, password changes, token changes: the security record
-- (HIPAA 164.312(b), audit controls) and the counts that throttle repeated failures.
CREATE TABLE auth_events (
    seq BIGSERIAL PRIMARY KEY,
    org_id UUID,
    user_id UUID,
    kind TEXT NOT NULL,
    -- SHA-256 of the normalised email a sign-in named: failures are counted per account without
    -- storing the addresses strangers type.
    subject_hash TEXT,
    address TEXT,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_events_subject ON auth_events (subject_hash, kind, at);
CREATE INDEX auth_events_address ON auth_events (address, kind, at);
CREATE INDEX auth_events_user ON auth_events (org_id, user_id, seq);
