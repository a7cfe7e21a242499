-- LLM calls as accounted, the optional response cache, and each user's model settings and
-- provider API keys (encrypted; the service never stores or returns them in clear).

CREATE TABLE llm_calls (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  agent TEXT NOT NULL,
  job_id TEXT NOT NULL DEFAULT '',
  user_id INTEGER NOT NULL DEFAULT 0,
  prompt_tokens INTEGER NOT NULL,
  completion_tokens INTEGER NOT NULL,
  cost_usd REAL,
  outcome TEXT NOT NULL,
  latency_ms INTEGER NOT NULL
);
CREATE INDEX llm_calls_by_job ON llm_calls (job_id);
CREATE INDEX llm_calls_by_user ON llm_calls (user_id, at);

CREATE TABLE llm_cache (
  key TEXT PRIMARY KEY,
  content TEXT NOT NULL,
  created_at INTEGER NOT NULL
);

CREATE TABLE user_llm_settings (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  settings TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE user_api_keys (
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  sealed TEXT NOT NULL,  -- base64url(nonce || secretbox ciphertext)
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, provider)
);
