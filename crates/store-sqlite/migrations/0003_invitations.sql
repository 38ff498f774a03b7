-- hitstaff schema v3 (SQLite): invitations, indexes for the dashboard and for skill-in-state search.

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

-- Recent stage moves per organisation, newest first (imported histories carry their own times).
CREATE INDEX stage_changes_org_at ON stage_changes (org_id, at, seq);

-- The commonest candidate search is a skill in a state: keep each candidate's state beside their
-- skills, so that search reads one index range in id order instead of scanning either list.
ALTER TABLE candidate_skills ADD COLUMN state TEXT;
UPDATE candidate_skills SET state = (
    SELECT c.state FROM candidates c WHERE c.id = candidate_skills.candidate_id
);
CREATE INDEX candidate_skills_org_skill_state ON candidate_skills (org_id, skill_id, state, candidate_id);
