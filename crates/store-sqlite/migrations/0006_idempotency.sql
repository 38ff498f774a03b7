-- hitstaff schema v6 (SQLite): Idempotency-Key. A creating request sent with a key is
-- remembered per user for a day: the same request again gets the first answer back instead of a
-- second record. A row without a status is a request still running (or one that was cut off).
CREATE TABLE idempotency_keys (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    user_id BLOB NOT NULL,
    key TEXT NOT NULL,
    -- SHA-256 of the method, path and body: the same key for another request is refused.
    fingerprint TEXT NOT NULL,
    status INTEGER,
    content_type TEXT,
    body BLOB,
    created_at TEXT NOT NULL,
    PRIMARY KEY (org_id, user_id, key),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id) ON DELETE CASCADE
) STRICT;
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
