-- hitstaff schema v12: the candidate list by a skill and the start of a name reads one index
-- range: each candidate's name (lower case) is kept beside their skills, as their state is
-- since v3. Walking the skill's holders and reading each one's name took up to 80 ms at a
-- million when few of them had that name. Set aside during large bulk loads like the other
-- search indexes.
ALTER TABLE candidate_skills ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE candidate_skills SET name_key = (
    SELECT lower(c.name) FROM candidates c WHERE c.id = candidate_skills.candidate_id
);
CREATE INDEX candidate_skills_org_skill_name ON candidate_skills (org_id, skill_id, name_key, candidate_id);
