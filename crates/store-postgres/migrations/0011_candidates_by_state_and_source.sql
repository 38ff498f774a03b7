-- hitstaff schema v11: the candidate list filtered by a state and a source (applicants from one
-- job board in one state) walks one index range in id order; with the state's range alone, a
-- rare source in a large state read most of that state (p99 54 ms at a million). Set aside during
-- large bulk loads like the other search indexes.
CREATE INDEX candidates_org_state_source ON candidates (org_id, state, source, id);
