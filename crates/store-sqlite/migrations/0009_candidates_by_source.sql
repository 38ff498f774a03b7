-- hitstaff schema v9: the candidate list filtered by source (a job board, a referral) walks an
-- index in id order, as the other filters do; without it a rare source scanned every candidate
-- (0.7 s at a million). Set aside during large bulk loads like the other search indexes.
CREATE INDEX candidates_org_source ON candidates (org_id, source, id);
