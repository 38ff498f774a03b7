-- hitstaff schema v8 (SQLite): indexes set aside during a bulk load. A large load (a million
-- generated or imported people) drops the candidate indexes that searches read and builds each once
-- at the end, which is several times quicker than keeping them up to date row by row. Each index's
-- definition is kept here, exactly as the database held it, until it is built again; a load that
-- stops half-way (a crash, Ctrl-C) leaves its rows behind, and the next start builds them.
CREATE TABLE deferred_indexes (
    name TEXT PRIMARY KEY NOT NULL,
    definition TEXT NOT NULL,
    deferred_at TEXT NOT NULL
) STRICT;
