-- Tracker (Azure DevOps) connections: a user's default and a project's override. The PAT is
-- sealed like the provider keys; the rest is plain JSON (organization URL, project, paths).
CREATE TABLE tracker_settings (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  sealed_pat TEXT,
  updated_at BIGINT NOT NULL
);

CREATE TABLE project_tracker_settings (
  project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  sealed_pat TEXT,
  updated_at BIGINT NOT NULL
);

-- A push of a backlog to the tracker and its outbox: one row per node, written in the same
-- transaction as the push's job, so an item is sent only after its row says so and a restart
-- knows which outcomes are uncertain.
CREATE TABLE pushes (
  id TEXT PRIMARY KEY,
  rowid BIGINT GENERATED ALWAYS AS IDENTITY,  -- insertion order, as SQLite's implicit rowid
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  job_id TEXT NOT NULL,  -- the newest job working on it (a retry starts another)
  tag TEXT NOT NULL,     -- on every work item it creates: how it finds them again
  target TEXT NOT NULL,  -- JSON: organization URL, project, area and iteration path
  state TEXT NOT NULL,   -- active, finished, removed
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX pushes_by_project ON pushes (project_id, created_at);
CREATE INDEX pushes_by_job ON pushes (job_id);

CREATE TABLE push_items (
  push_id TEXT NOT NULL REFERENCES pushes (id) ON DELETE CASCADE,
  node_id TEXT NOT NULL,
  parent_node_id TEXT NOT NULL DEFAULT '',  -- what must exist in the tracker first
  kind TEXT NOT NULL,
  position BIGINT NOT NULL,  -- parents before children
  state TEXT NOT NULL,        -- pending, sending, created, failed, blocked, skipped, removed
  attempts BIGINT NOT NULL DEFAULT 0,
  last_error TEXT NOT NULL DEFAULT '',
  tracker_id BIGINT,
  tracker_url TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}',  -- JSON: a plan's root suite, a suite's added test cases
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (push_id, node_id)
);
