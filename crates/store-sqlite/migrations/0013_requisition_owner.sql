-- hitstaff schema v13: each requisition has an owner, the person at the firm who works it (the
-- list shows it and filters by it: "mine"). Existing requisitions have none until one is chosen.
ALTER TABLE requisitions ADD COLUMN owner_id BLOB;
CREATE INDEX requisitions_org_owner ON requisitions (org_id, owner_id, id);
