-- hitstaff schema v10: the candidate list filtered by the start of a name walks an index in
-- alphabetical order (then id), one range per page; the name index of v4 (name, then city, for
-- the duplicate look-up) could not give that order, so a common prefix ("j") sorted every match
-- (0.1 to 0.3 s at a million). Set aside during large bulk loads like the other search indexes.
CREATE INDEX candidates_org_name_order ON candidates (org_id, lower(name), id);
-- The same within a state: a common start of a name in one state walked one range, not every
-- such name in the country.
CREATE INDEX candidates_org_state_name ON candidates (org_id, state, lower(name), id);
