-- hitstaff schema v4 (PostgreSQL): resumes on file, recruiters' corrections, duplicate look-ups.

-- The original file as received (type sniffed from the bytes), its text, and the profile read
-- from it (JSON Resume with evidence). The same file twice in one organisation is one resume.
CREATE TABLE resumes (
    id UUID PRIMARY KEY NOT NULL,
    org_id UUID NOT NULL REFERENCES organizations (id),
    candidate_id UUID NOT NULL,
    file_name TEXT NOT NULL,
    format TEXT NOT NULL,
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BYTEA NOT NULL,
    text TEXT NOT NULL,
    parsed TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by UUID,
    CONSTRAINT resumes_org_sha256_key UNIQUE (org_id, sha256),
    FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);
CREATE INDEX resumes_candidate ON resumes (org_id, candidate_id, created_at);

-- A recruiter's correction of a fact read from resumes: one per field and candidate, kept apart
-- from the parse so that parsing again never undoes it.
CREATE TABLE resume_corrections (
    org_id UUID NOT NULL REFERENCES organizations (id),
    candidate_id UUID NOT NULL,
    field TEXT NOT NULL,
    value TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by UUID,
    PRIMARY KEY (org_id, candidate_id, field),
    FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, created_by) REFERENCES users (org_id, id)
);

-- Is this person already on file? By phone, and by name in a city.
CREATE INDEX candidates_org_phone ON candidates (org_id, phone) WHERE phone IS NOT NULL;
CREATE INDEX candidates_org_name ON candidates (org_id, lower(name), city);
