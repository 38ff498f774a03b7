-- hitstaff schema v15: postings, how a requisition is advertised (one per requisition): public
-- title, Markdown description, pay shown or not, last day, screening questions (JSON), status,
-- and when it was first published. Public only while published and its requisition is open.
CREATE TABLE postings (
    org_id UUID NOT NULL,
    requisition_id UUID NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    show_pay BOOLEAN NOT NULL,
    valid_through DATE,
    questions JSONB NOT NULL,
    published_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (org_id, requisition_id),
    FOREIGN KEY (org_id, requisition_id) REFERENCES requisitions (org_id, id) ON DELETE CASCADE
);
-- The published ones, newest first (the careers site and the feeds).
CREATE INDEX postings_org_status ON postings (org_id, status, requisition_id);
