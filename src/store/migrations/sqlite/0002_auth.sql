-- Accounts, device sessions, revocations, login attempts and lockouts. Times are Unix seconds.

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,  -- lower-case, for case-insensitive uniqueness and lookup
  email TEXT NOT NULL,
  email_key TEXT NOT NULL UNIQUE,
  full_name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
  is_active INTEGER NOT NULL DEFAULT 1 CHECK (is_active IN (0, 1)),
  -- Every access token carries the version it was issued under; bumping it (password change,
  -- invalidate-all, disable) makes every older token fail at once.
  token_version INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);

-- One row per signed-in device. The refresh token is stored only as its SHA-256.
CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  refresh_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,  -- absolute: rotation never extends it
  user_agent TEXT NOT NULL DEFAULT '',
  ip_address TEXT NOT NULL DEFAULT '',
  revoked_at INTEGER,
  revoke_reason TEXT
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

-- Refresh tokens already rotated away: presenting one again means it was stolen.
CREATE TABLE rotated_refresh_tokens (
  refresh_hash TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  rotated_at INTEGER NOT NULL
);

-- Access tokens revoked before their expiry (logout); kept until they would have expired.
CREATE TABLE revoked_tokens (
  jti TEXT PRIMARY KEY,
  expires_at INTEGER NOT NULL
);
CREATE INDEX revoked_tokens_by_expiry ON revoked_tokens (expires_at);

-- Every login attempt, kept for 30 days.
CREATE TABLE login_attempts (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL,
  ip_address TEXT NOT NULL,
  user_agent TEXT NOT NULL,
  attempted_at INTEGER NOT NULL,
  succeeded INTEGER NOT NULL CHECK (succeeded IN (0, 1)),
  reason TEXT NOT NULL
);
CREATE INDEX login_attempts_by_time ON login_attempts (attempted_at);

-- Failed-login counters per user name, existing or not, so a lockout looks the same for both.
CREATE TABLE account_locks (
  username_key TEXT PRIMARY KEY,
  failures INTEGER NOT NULL,
  window_started_at INTEGER NOT NULL,
  locked_until INTEGER
);

CREATE TABLE security_events (
  id INTEGER PRIMARY KEY,
  occurred_at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  user_id INTEGER,
  ip_address TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX security_events_by_time ON security_events (occurred_at);
