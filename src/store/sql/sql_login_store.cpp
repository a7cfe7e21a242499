#include "store/sql/sql_login_store.hpp"

#include <nlohmann/json.hpp>

#include "store/sql/sql.hpp"
#include "store/sql/sql_notification_store.hpp"

namespace store::sql {
namespace {

struct LockRow {
  std::int64_t failures = 0;
  std::int64_t window_started_at = 0;
  std::optional<std::int64_t> locked_until;
};

std::optional<LockRow> ReadLock(Connection& connection, std::string_view key) {
  auto& query = connection.Prepare(
      "SELECT failures, window_started_at, locked_until FROM account_locks WHERE lock_key = ?");
  query.BindAll(key);
  std::optional<LockRow> row;
  if (query.Step()) {
    row = LockRow{query.ColumnInt(0), query.ColumnInt(1), std::nullopt};
    if (!query.ColumnIsNull(2)) row->locked_until = query.ColumnInt(2);
  }
  query.Reset();
  return row;
}

void WriteLock(Connection& connection, std::string_view key, const LockRow& row) {
  auto& upsert = connection.Prepare(
      "INSERT INTO account_locks (lock_key, failures, window_started_at, locked_until) "
      "VALUES (?, ?, ?, ?) ON CONFLICT (lock_key) DO UPDATE SET failures = excluded.failures, "
      "window_started_at = excluded.window_started_at, locked_until = excluded.locked_until");
  upsert.BindAll(key, row.failures, row.window_started_at);
  if (row.locked_until) {
    upsert.Bind(4, *row.locked_until);
  } else {
    upsert.BindNull(4);
  }
  upsert.Run();
}

}  // namespace

AttemptReservation SqlLoginStore::ReserveAttempt(std::string_view lock_key, std::int64_t now,
                                                 const LockoutPolicy& policy) {
  AttemptReservation reservation;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    LockRow row = ReadLock(connection, lock_key).value_or(LockRow{0, now, std::nullopt});
    if (row.locked_until && *row.locked_until > now) {
      reservation.locked_until = row.locked_until;  // refused, and the lock is not extended
      return;
    }
    const bool lock_over = row.locked_until && *row.locked_until <= now;
    if (lock_over || now - row.window_started_at >= policy.window_seconds) {
      row = LockRow{0, now, std::nullopt};
    }
    if (row.failures >= policy.threshold) {
      // Attempts still being checked already fill the quota.
      reservation.locked_until = row.window_started_at + policy.window_seconds;
      return;
    }
    ++row.failures;
    WriteLock(connection, lock_key, row);
    transaction.Commit();
    reservation.allowed = true;
  });
  return reservation;
}

std::optional<std::int64_t> SqlLoginStore::RecordFailure(std::string_view lock_key,
                                                         std::int64_t now,
                                                         const LockoutPolicy& policy) {
  std::optional<std::int64_t> locked_until;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    auto row = ReadLock(connection, lock_key);
    if (!row || row->locked_until || row->failures < policy.threshold) return;
    row->locked_until = now + policy.lock_seconds;
    WriteLock(connection, lock_key, *row);
    transaction.Commit();
    locked_until = row->locked_until;
  });
  return locked_until;
}

void SqlLoginStore::Clear(std::string_view lock_key) {
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("DELETE FROM account_locks WHERE lock_key = ?").BindAll(lock_key).Run();
  });
}

std::optional<std::int64_t> SqlLoginStore::LockedUntil(std::string_view lock_key,
                                                       std::int64_t now) {
  std::optional<std::int64_t> locked_until;
  database_.WithConnection([&](Connection& connection) {
    const auto row = ReadLock(connection, lock_key);
    if (row && row->locked_until && *row->locked_until > now) locked_until = row->locked_until;
  });
  return locked_until;
}

void SqlLoginStore::RecordAttempt(const LoginAttempt& attempt) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO login_attempts (username, ip_address, user_agent, attempted_at, "
            "succeeded, reason) VALUES (?, ?, ?, ?, ?, ?)")
        .BindAll(attempt.username, attempt.ip_address, attempt.user_agent, attempt.attempted_at,
                 attempt.succeeded ? 1 : 0, attempt.reason)
        .Run();
  });
}

std::vector<LoginAttempt> SqlLoginStore::RecentAttempts(std::int64_t limit) {
  std::vector<LoginAttempt> attempts;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT username, ip_address, user_agent, attempted_at, succeeded, reason "
        "FROM login_attempts ORDER BY id DESC LIMIT ?");
    query.BindAll(limit);
    while (query.Step()) {
      attempts.push_back({query.ColumnText(0), query.ColumnText(1), query.ColumnText(2),
                          query.ColumnInt(3), query.ColumnInt(4) != 0, query.ColumnText(5)});
    }
    query.Reset();
  });
  return attempts;
}

void SqlLoginStore::RecordEvent(const SecurityEvent& event) {
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    auto& insert = connection.Prepare(
        "INSERT INTO security_events (occurred_at, kind, user_id, ip_address, detail) "
        "VALUES (?, ?, ?, ?, ?)");
    insert.BindAll(event.occurred_at, event.kind);
    if (event.user_id) {
      insert.Bind(3, *event.user_id);
    } else {
      insert.BindNull(3);
    }
    insert.Bind(4, event.ip_address).Bind(5, event.detail).Run();
    // The operator hears of these; the event and its notification commit together.
    if (event.kind == "lockout" || event.kind == "refresh_token_reuse" ||
        event.kind == "tokens_invalidated") {
      const nlohmann::json data = {{"event", event.kind},
                                   {"ip_address", event.ip_address},
                                   {"detail", event.detail},
                                   {"at", event.occurred_at}};
      AddNotification(connection, "security", event.user_id, data.dump(), event.occurred_at);
    }
    transaction.Commit();
  });
}

std::vector<SecurityEvent> SqlLoginStore::RecentEvents(std::int64_t limit) {
  std::vector<SecurityEvent> events;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT occurred_at, kind, user_id, ip_address, detail FROM security_events "
        "ORDER BY id DESC LIMIT ?");
    query.BindAll(limit);
    while (query.Step()) {
      SecurityEvent event{query.ColumnInt(0), query.ColumnText(1), std::nullopt,
                          query.ColumnText(3), query.ColumnText(4)};
      if (!query.ColumnIsNull(2)) event.user_id = query.ColumnInt(2);
      events.push_back(std::move(event));
    }
    query.Reset();
  });
  return events;
}

}  // namespace store::sql
