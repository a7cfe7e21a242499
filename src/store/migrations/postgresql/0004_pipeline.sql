-- Projects, their backlog tree (one row per node), generation jobs with their steps, and the
-- append-only event log each job's progress is streamed from. Times are Unix seconds.

CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  data TEXT NOT NULL,  -- the project as JSON: domains, vision, target users, limits, options
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX projects_by_owner ON projects (owner_id, created_at);

CREATE TABLE nodes (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES nodes (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,  -- epic, feature, story, task, test_plan, test_suite, test_case
  position BIGINT NOT NULL,
  data TEXT NOT NULL,  -- the node's own fields as JSON (no children)
  job_id TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX nodes_by_project ON nodes (project_id, parent_id, position);

CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  project_id TEXT REFERENCES projects (id) ON DELETE CASCADE,
  owner_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,   -- generate, optimize_vision, regenerate
  state TEXT NOT NULL,  -- queued, running, completed, completed_with_warnings, failed, cancelled
  options TEXT NOT NULL,
  result TEXT,
  error TEXT,
  cancel_requested BIGINT NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until BIGINT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT
);
CREATE INDEX jobs_by_project ON jobs (project_id, created_at);
CREATE INDEX jobs_by_state ON jobs (state, created_at);

-- One row per finished (or failed) step; a step's nodes are inserted in the same transaction.
CREATE TABLE job_steps (
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  id TEXT NOT NULL,  -- e.g. "epics", "features:<epic id>", "tasks:<story id>"
  state TEXT NOT NULL,  -- done, failed
  detail TEXT NOT NULL DEFAULT '',
  finished_at BIGINT NOT NULL,
  PRIMARY KEY (job_id, id)
);

CREATE TABLE job_events (
  job_id TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  seq BIGINT NOT NULL,  -- monotonic per job, from 1; the SSE event id
  at BIGINT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- Per-user defaults, e.g. the work-item limits new projects start with.
CREATE TABLE user_preferences (
  user_id BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
