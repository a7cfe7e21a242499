-- One row naming this installation. Its id is stable for the life of the database and marks
-- the work items this installation creates in a tracker, so a restarted upload recognises its
-- own items. (PostgreSQL twin of the SQLite migration of the same number.)
CREATE TABLE instance (
  id BIGINT PRIMARY KEY CHECK (id = 1),
  instance_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

INSERT INTO instance (id, instance_id, created_at)
VALUES (1, replace(gen_random_uuid()::text, '-', ''),
        to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
