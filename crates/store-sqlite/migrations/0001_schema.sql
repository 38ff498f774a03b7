-- hitstaff schema v1 (SQLite). Constraint names are shared with the other backend's migrations,
-- so that a Conflict names the same rule on both. Every tenant-owned table carries org_id, and every
-- reference between tenant rows is a composite (org_id, id) foreign key: a row can only ever point at
-- rows of its own organisation.

CREATE TABLE organizations (
    id BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT organizations_slug_key UNIQUE (slug)
) STRICT;

-- Per-organisation counters (requisition references REQ-0001, ...), incremented with an upsert so
-- that concurrent writers never hand out the same number.
CREATE TABLE org_counters (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (org_id, name)
) STRICT;

CREATE TABLE clients (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    locations TEXT NOT NULL,
    ehr_systems TEXT NOT NULL,
    notes TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT clients_org_id_key UNIQUE (org_id, id)
) STRICT;
-- Two clients of one organisation whose names differ only in case are one client entered twice.
CREATE UNIQUE INDEX clients_org_name_key ON clients (org_id, lower(name));

CREATE TABLE users (
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
    -- Sign-in is by email alone, so an address belongs to one user in the whole installation.
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_org_id_key UNIQUE (org_id, id),
    CONSTRAINT users_role_check CHECK (role IN ('admin', 'recruiter', 'account_manager', 'compliance_officer', 'hiring_manager', 'auditor')),
    -- A hiring manager sees one client; nobody else is tied to one.
    CONSTRAINT users_client_scope_check CHECK ((role = 'hiring_manager') = (client_id IS NOT NULL)),
    CONSTRAINT users_client_fkey FOREIGN KEY (org_id, client_id) REFERENCES clients (org_id, id)
) STRICT;

CREATE TABLE requisitions (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL REFERENCES organizations (id),
    reference TEXT NOT NULL,
    client_id BLOB NOT NULL,
    title TEXT NOT NULL,
    role_family TEXT NOT NULL,
    engagement TEXT NOT NULL,
    intent TEXT NOT NULL,
    reason TEXT NOT NULL,
    work_model TEXT NOT NULL,
    location TEXT,
    remote_states TEXT NOT NULL,
    headcount INTEGER NOT NULL,
    start_date TEXT,
    duration_weeks INTEGER,
    skills TEXT NOT NULL,
    pay TEXT,
    priority TEXT NOT NULL,
    status TEXT NOT NULL,
    contacts TEXT NOT NULL,
    description TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT requisitions_org_id_key UNIQUE (org_id, id),
    CONSTRAINT requisitions_org_reference_key UNIQUE (org_id, reference),
    CONSTRAINT requisitions_status_check CHECK (status IN ('draft', 'open', 'on_hold', 'filled', 'cancelled')),
    CONSTRAINT requisitions_headcount_check CHECK (headcount BETWEEN 1 AND 500),
    CONSTRAINT requisitions_client_fkey FOREIGN KEY (org_id, client_id) REFERENCES clients (org_id, id)
) STRICT;
CREATE INDEX requisitions_org_status ON requisitions (org_id, status, id);
CREATE INDEX requisitions_org_client ON requisitions (org_id, client_id, id);

-- The skills each requisition asks for, one row each, so that "requisitions asking for X" is indexed.
-- The requisition's `skills` column stays the source of truth for the details.
CREATE TABLE requisition_skills (
    org_id BLOB NOT NULL,
    requisition_id BLOB NOT NULL,
    skill_id TEXT NOT NULL,
    required INTEGER NOT NULL,
    PRIMARY KEY (requisition_id, skill_id),
    FOREIGN KEY (org_id, requisition_id) REFERENCES requisitions (org_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX requisition_skills_org_skill ON requisition_skills (org_id, skill_id);

CREATE TABLE candidates (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    city TEXT,
    state TEXT,
    postal_code TEXT,
    headline TEXT,
    preferences TEXT NOT NULL,
    available_from TEXT,
    desired_pay TEXT,
    employment_status TEXT NOT NULL,
    current_employer TEXT,
    source TEXT NOT NULL,
    tags TEXT NOT NULL,
    consent TEXT NOT NULL,
    npi TEXT,
    skills TEXT NOT NULL,
    experience TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT candidates_org_id_key UNIQUE (org_id, id)
) STRICT;
-- One person, one record: the same email twice in one organisation is a duplicate (in two
-- organisations it is two firms that both know the person, which is fine).
CREATE UNIQUE INDEX candidates_org_email_key ON candidates (org_id, email) WHERE email IS NOT NULL;
CREATE INDEX candidates_org_state ON candidates (org_id, state, id);

-- Skills per candidate, for "candidates with skill X" filters; details live in candidates.skills.
CREATE TABLE candidate_skills (
    org_id BLOB NOT NULL,
    candidate_id BLOB NOT NULL,
    skill_id TEXT NOT NULL,
    level TEXT NOT NULL,
    years_tenths INTEGER NOT NULL,
    PRIMARY KEY (candidate_id, skill_id),
    FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX candidate_skills_org_skill ON candidate_skills (org_id, skill_id, candidate_id);

CREATE TABLE applications (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL,
    candidate_id BLOB NOT NULL,
    requisition_id BLOB NOT NULL,
    stage TEXT NOT NULL,
    rejection TEXT,
    stage_entered_at TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT applications_org_id_key UNIQUE (org_id, id),
    CONSTRAINT applications_candidate_requisition_key UNIQUE (candidate_id, requisition_id),
    CONSTRAINT applications_stage_check CHECK (stage IN ('sourced', 'screening', 'submitted', 'client_interview', 'offer', 'placed', 'rejected', 'withdrawn')),
    CONSTRAINT applications_rejection_check CHECK ((stage = 'rejected') = (rejection IS NOT NULL)),
    CONSTRAINT applications_candidate_fkey FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE,
    CONSTRAINT applications_requisition_fkey FOREIGN KEY (org_id, requisition_id) REFERENCES requisitions (org_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX applications_org_requisition ON applications (org_id, requisition_id, stage);
CREATE INDEX applications_org_candidate ON applications (org_id, candidate_id);
CREATE INDEX applications_org_stage ON applications (org_id, stage);

CREATE TABLE stage_changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id BLOB NOT NULL,
    application_id BLOB NOT NULL,
    from_stage TEXT,
    to_stage TEXT NOT NULL,
    at TEXT NOT NULL,
    by_user BLOB,
    note TEXT,
    rejection TEXT,
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, by_user) REFERENCES users (org_id, id)
) STRICT;
CREATE INDEX stage_changes_application ON stage_changes (application_id, seq);

CREATE TABLE notes (
    id BLOB PRIMARY KEY NOT NULL,
    org_id BLOB NOT NULL,
    candidate_id BLOB,
    application_id BLOB,
    author BLOB,
    body TEXT NOT NULL,
    assessment TEXT NOT NULL,
    internal INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    CONSTRAINT notes_subject_check CHECK ((candidate_id IS NULL) <> (application_id IS NULL)),
    FOREIGN KEY (org_id, candidate_id) REFERENCES candidates (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, application_id) REFERENCES applications (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, author) REFERENCES users (org_id, id)
) STRICT;
CREATE INDEX notes_candidate ON notes (org_id, candidate_id, id);
CREATE INDEX notes_application ON notes (org_id, application_id, id);

-- The change feed: every write appends here in its own transaction. Caches (search, matching) tail
-- it from the last position they applied. It names entities, never their contents.
CREATE TABLE changes (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id BLOB NOT NULL,
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    op TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;
-- SQLite runs one write transaction at a time, so seq order is commit order: tailing by seq is exact.
