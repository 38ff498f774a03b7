-- hitstaff schema v14: the candidate list filtered by a state and an employment status walks one
-- index range in id order; with the state's range alone, the rarer statuses read many rows of a
-- large state (p99 up to 61 ms at a million with a cold cache). Set aside during large bulk loads
-- like the other search indexes.
CREATE INDEX candidates_org_state_status ON candidates (org_id, state, employment_status, id);
