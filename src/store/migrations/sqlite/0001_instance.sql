-- One row naming this installation. Its id is stable for the life of the database and marks
-- the work items this installation creates in a tracker, so a restarted upload recognises its
-- own items.
CREATE TABLE instance (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  instance_id TEXT NOT NULL,
  created_at TEXT NOT NULL
);

INSERT INTO instance (id, instance_id, created_at)
VALUES (1, lower(hex(randomblob(16))), strftime('%Y-%m-%dT%H:%M:%fZ', 'now'));
