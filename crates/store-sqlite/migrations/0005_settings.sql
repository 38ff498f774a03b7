-- hitstaff schema v5 (SQLite): an organisation's settings, by name, as JSON text (matching
-- weights first). An absent setting means the built-in default.
CREATE TABLE org_settings (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by BLOB,
    PRIMARY KEY (org_id, name),
    FOREIGN KEY (org_id, updated_by) REFERENCES users (org_id, id)
) STRICT;
