-- hitstaff schema v5 (PostgreSQL): an organisation's settings, by name, as JSON text (matching
-- weights first). An absent setting means the built-in default.
CREATE TABLE org_settings (
    org_id UUID NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    updated_by UUID,
    PRIMARY KEY (org_id, name),
    FOREIGN KEY (org_id, updated_by) REFERENCES users (org_id, id)
);
