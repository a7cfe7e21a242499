-- The instances serving from this database, each with its last heartbeat. An instance that
-- keeps rate limits and revocations in its own memory (no Redis) must not run beside others:
-- a limit would then be per instance. Times are Unix seconds.
CREATE TABLE live_instances (
  id TEXT PRIMARY KEY,  -- host:pid:random
  host TEXT NOT NULL,
  shared_limits INTEGER NOT NULL,  -- 1 when its limits and revocations live in Redis
  started_at INTEGER NOT NULL,
  seen_at INTEGER NOT NULL
);
