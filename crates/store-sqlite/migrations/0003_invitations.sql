-- hitstaff schema v3 (SQLite): invitations, and an index for the dashboard's recent activity.

-- An administrator adds a user without a password and sends them a one-time link; following it,
-- the person chooses their password. The same link resets a forgotten password. Only the
-- SHA-256 of the link's token is kept.
CREATE TABLE invitations (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL REFERENCES organizations (id),
    user_id BLOB NOT NULL,
    token_hash TEXT NOT NULL,
    created_by BLOB NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    revoked_at TEXT,
    CONSTRAINT invitations_hash_key UNIQUE (token_hash),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
) STRICT;
CREATE INDEX invitations_user ON invitations (org_id, user_id);

-- Recent stage moves per organisation, newest first.
CREATE INDEX stage_changes_org_seq ON stage_changes (org_id, seq);
