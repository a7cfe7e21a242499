-- Notifications: what happened that someone should hear about (a job's end, a security event, a
-- failed backup). A row is written in the same transaction as the fact itself, so a crash cannot
-- keep one without the other; the sender turns each into deliveries (one per channel and
-- recipient) and sends those with retries. Times are Unix seconds.
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,  -- job_finished, security, backup_failed
  user_id INTEGER,     -- whose it is (NULL: the operator's alone)
  job_id TEXT,
  data TEXT NOT NULL,  -- the facts as JSON
  created_at INTEGER NOT NULL,
  expanded_at INTEGER  -- when its deliveries were written
);
CREATE INDEX notifications_to_expand ON notifications (expanded_at, id);

-- One message to one recipient. The states: pending (due at next_attempt_at), claimed (an
-- instance is connecting; nothing has been sent), sending (the message is on its way: from here
-- on a crash leaves it "unknown" rather than sending it twice), sent, failed (given up), unknown.
CREATE TABLE notification_deliveries (
  id INTEGER PRIMARY KEY,
  notification_id INTEGER NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  channel TEXT NOT NULL,  -- email, webhook
  target TEXT NOT NULL,   -- an e-mail address, or whose webhook: user:<id>, project:<id>, operator
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  sent_at INTEGER
);
CREATE INDEX deliveries_due ON notification_deliveries (state, next_attempt_at);
CREATE INDEX deliveries_by_notification ON notification_deliveries (notification_id);

-- Per-user switches (JSON) and the user's own webhook, sealed like every stored credential.
CREATE TABLE notification_settings (
  user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  data TEXT NOT NULL,
  sealed_webhook_url TEXT NOT NULL DEFAULT '',
  updated_at INTEGER NOT NULL
);

-- A project's own webhook (e.g. its team's Teams channel), sealed.
CREATE TABLE project_notification_settings (
  project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
  sealed_webhook_url TEXT NOT NULL,
  updated_at INTEGER NOT NULL
);
