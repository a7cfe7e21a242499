#include "store/sql/sql_session_store.hpp"

#include "store/sql/sql.hpp"

namespace store::sql {
namespace {

constexpr std::string_view kColumns =
    "id, user_id, created_at, last_used_at, expires_at, user_agent, ip_address, revoked_at, "
    "coalesce(revoke_reason, '')";

SessionRecord ReadSession(const Statement& row) {
  SessionRecord session;
  session.id = row.ColumnText(0);
  session.user_id = row.ColumnInt(1);
  session.created_at = row.ColumnInt(2);
  session.last_used_at = row.ColumnInt(3);
  session.expires_at = row.ColumnInt(4);
  session.user_agent = row.ColumnText(5);
  session.ip_address = row.ColumnText(6);
  if (!row.ColumnIsNull(7)) session.revoked_at = row.ColumnInt(7);
  session.revoke_reason = row.ColumnText(8);
  return session;
}

std::optional<SessionRecord> FindWhere(Connection& connection, const std::string& condition,
                                       std::string_view key) {
  auto& query =
      connection.Prepare("SELECT " + std::string(kColumns) + " FROM sessions WHERE " + condition);
  query.BindAll(key);
  std::optional<SessionRecord> session;
  if (query.Step()) session = ReadSession(query);
  query.Reset();
  return session;
}

bool IsLive(const SessionRecord& session, std::int64_t now) {
  return !session.revoked_at && session.expires_at > now;
}

}  // namespace

void SqlSessionStore::Create(const SessionRecord& session, std::string_view refresh_hash) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO sessions (id, user_id, refresh_hash, created_at, last_used_at, "
            "expires_at, user_agent, ip_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .BindAll(session.id, session.user_id, refresh_hash, session.created_at,
                 session.last_used_at, session.expires_at, session.user_agent, session.ip_address)
        .Run();
  });
}

RotationResult SqlSessionStore::Rotate(std::string_view presented_hash, std::string_view new_hash,
                                       std::int64_t now) {
  RotationResult result;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    if (auto current = FindWhere(connection, "refresh_hash = ?", presented_hash)) {
      result.session = *current;
      if (!IsLive(*current, now)) {
        result.outcome = RotationResult::Outcome::kInactive;
        return;
      }
      connection
          .Prepare(
              "INSERT INTO rotated_refresh_tokens (refresh_hash, session_id, rotated_at) "
              "VALUES (?, ?, ?)")
          .BindAll(presented_hash, current->id, now)
          .Run();
      connection.Prepare("UPDATE sessions SET refresh_hash = ?, last_used_at = ? WHERE id = ?")
          .BindAll(new_hash, now, current->id)
          .Run();
      transaction.Commit();
      result.session.last_used_at = now;
      result.outcome = RotationResult::Outcome::kRotated;
      return;
    }
    auto& rotated = connection.Prepare(
        "SELECT session_id, rotated_at FROM rotated_refresh_tokens WHERE refresh_hash = ?");
    rotated.BindAll(presented_hash);
    if (!rotated.Step()) {
      rotated.Reset();
      result.outcome = RotationResult::Outcome::kUnknown;
      return;
    }
    const std::string session_id = rotated.ColumnText(0);
    result.rotated_at = rotated.ColumnInt(1);
    rotated.Reset();
    if (auto session = FindWhere(connection, "id = ?", session_id)) result.session = *session;
    result.outcome = RotationResult::Outcome::kReused;
  });
  return result;
}

std::optional<SessionRecord> SqlSessionStore::Find(std::string_view session_id) {
  std::optional<SessionRecord> session;
  database_.WithConnection(
      [&](Connection& connection) { session = FindWhere(connection, "id = ?", session_id); });
  return session;
}

std::optional<SessionRecord> SqlSessionStore::FindByRefreshHash(std::string_view hash) {
  std::optional<SessionRecord> session;
  database_.WithConnection(
      [&](Connection& connection) { session = FindWhere(connection, "refresh_hash = ?", hash); });
  return session;
}

std::vector<SessionRecord> SqlSessionStore::ListActive(std::int64_t user_id, std::int64_t now) {
  std::vector<SessionRecord> sessions;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT " + std::string(kColumns) +
                                     " FROM sessions WHERE user_id = ? AND revoked_at IS NULL "
                                     "AND expires_at > ? ORDER BY last_used_at DESC");
    query.BindAll(user_id, now);
    while (query.Step()) sessions.push_back(ReadSession(query));
    query.Reset();
  });
  return sessions;
}

bool SqlSessionStore::Revoke(std::string_view session_id, std::int64_t user_id,
                             std::string_view reason, std::int64_t now) {
  bool revoked = false;
  database_.WithConnection([&](Connection& connection) {
    auto& update = connection.Prepare(
        "UPDATE sessions SET revoked_at = ?, revoke_reason = ? "
        "WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
    update.BindAll(now, reason, session_id, user_id).Run();
    revoked = connection.Changes() > 0;
  });
  return revoked;
}

std::vector<std::string> SqlSessionStore::RevokeAll(std::int64_t user_id, std::string_view reason,
                                                    std::int64_t now) {
  std::vector<std::string> ids;
  database_.WithConnection([&](Connection& connection) {
    auto& update = connection.Prepare(
        "UPDATE sessions SET revoked_at = ?, revoke_reason = ? "
        "WHERE user_id = ? AND revoked_at IS NULL RETURNING id");
    update.BindAll(now, reason, user_id);
    while (update.Step()) ids.push_back(update.ColumnText(0));
    update.Reset();
  });
  return ids;
}

std::vector<std::pair<std::string, std::int64_t>> SqlSessionStore::RevokedSince(
    std::int64_t since) {
  std::vector<std::pair<std::string, std::int64_t>> revoked;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT id, revoked_at FROM sessions WHERE revoked_at >= ?");
    query.BindAll(since);
    while (query.Step()) revoked.emplace_back(query.ColumnText(0), query.ColumnInt(1));
    query.Reset();
  });
  return revoked;
}

void SqlSessionStore::RevokeToken(std::string_view jti, std::int64_t expires_at) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO revoked_tokens (jti, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING")
        .BindAll(jti, expires_at)
        .Run();
  });
}

std::vector<std::pair<std::string, std::int64_t>> SqlSessionStore::LiveRevokedTokens(
    std::int64_t now) {
  std::vector<std::pair<std::string, std::int64_t>> tokens;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare("SELECT jti, expires_at FROM revoked_tokens WHERE expires_at > ?");
    query.BindAll(now);
    while (query.Step()) tokens.emplace_back(query.ColumnText(0), query.ColumnInt(1));
    query.Reset();
  });
  return tokens;
}

PurgeCounts SqlSessionStore::Purge(std::int64_t now, std::int64_t attempts_before) {
  PurgeCounts counts;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    const auto run = [&](const char* sql, auto... args) {
      connection.Prepare(sql).BindAll(args...).Run();
      return static_cast<std::int64_t>(connection.Changes());
    };
    // A revoked session stays listed as revoked until it would have expired anyway.
    counts.sessions = run("DELETE FROM sessions WHERE expires_at <= ?", now);
    counts.revoked_tokens = run("DELETE FROM revoked_tokens WHERE expires_at <= ?", now);
    counts.login_attempts =
        run("DELETE FROM login_attempts WHERE attempted_at < ?", attempts_before);
    run("DELETE FROM security_events WHERE occurred_at < ?", attempts_before);
    counts.account_locks =
        run("DELETE FROM account_locks WHERE (locked_until IS NULL OR locked_until <= ?) "
            "AND window_started_at < ?",
            now, attempts_before);
    transaction.Commit();
  });
  return counts;
}

}  // namespace store::sql
