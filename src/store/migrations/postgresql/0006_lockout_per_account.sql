-- Lockout counters move from "per typed login" to "per account": failures by user name and by
-- e-mail address now add up. Keys are "account:<user id>" for a login that names an account and
-- "login:<lower-cased login>" for one that names none (so unknown names still lock alike).
ALTER TABLE account_locks RENAME COLUMN username_key TO lock_key;

-- Counters kept so far were per typed login.
UPDATE account_locks SET lock_key = 'login:' || lock_key;

-- Those naming an existing account become that account's counter; when both its name and its
-- e-mail address had one, the stricter values win and the failures add up.
INSERT INTO account_locks (lock_key, failures, window_started_at, locked_until)
SELECT 'account:' || users.id, SUM(account_locks.failures), MAX(account_locks.window_started_at),
       MAX(account_locks.locked_until)
FROM account_locks
JOIN users ON account_locks.lock_key IN ('login:' || users.username_key, 'login:' || users.email_key)
GROUP BY users.id;

DELETE FROM account_locks
WHERE lock_key IN (SELECT 'login:' || username_key FROM users UNION ALL
                   SELECT 'login:' || email_key FROM users);
