-- Claiming jobs round robin by owner looks up each waiting owner's latest start.
CREATE INDEX jobs_by_owner ON jobs (owner_id, started_at);
