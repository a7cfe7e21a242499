#include "store/sql/sql.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>
#include <map>
#include <utility>

namespace store::sql {

Transaction::Transaction(Connection& connection, Isolation isolation) : connection_(connection) {
  connection_.Begin(isolation);
}

Transaction::~Transaction() {
  if (!open_) return;
  try {
    connection_.Rollback();
  } catch (const std::exception& error) {
    spdlog::error("rolling back a transaction failed: {}", error.what());
  }
}

void Transaction::Commit() {
  connection_.Commit();
  open_ = false;
}

namespace {

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

using AppliedMap = std::map<int, std::pair<std::string, std::string>>;

AppliedMap AppliedMigrations(Connection& connection) {
  AppliedMap applied;
  auto& query = connection.Prepare("SELECT version, name, checksum FROM schema_migrations");
  while (query.Step()) {
    applied[static_cast<int>(query.ColumnInt(0))] = {query.ColumnText(1), query.ColumnText(2)};
  }
  return applied;
}

// Throws when the recorded history does not fit this build's migrations.
void CheckHistory(const AppliedMap& applied, const std::vector<Migration>& migrations) {
  const int known = static_cast<int>(migrations.size());
  for (const auto& [version, recorded] : applied) {
    if (version > known) {
      throw MigrationError("the database is at schema version " + std::to_string(version) +
                           " but this build knows only up to " + std::to_string(known) +
                           "; run a newer build of the service or restore a backup");
    }
    const Migration& migration = migrations[static_cast<std::size_t>(version - 1)];
    if (recorded.second != MigrationChecksum(migration.sql)) {
      throw MigrationError("migration " + migration.name +
                           " differs from the one applied to this database; applied migrations "
                           "must never be edited (add a new one instead)");
    }
  }
}

std::string UtcNow() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

}  // namespace

MigrationReport Database::Migrate(const std::vector<Migration>& migrations) {
  ValidateMigrationList(migrations);
  MigrationReport report;
  WithConnection([&](Connection& connection) {
    {
      // In the single-writer transaction: two instances starting together create it once.
      Transaction transaction(connection);
      connection.Exec(kCreateMigrationsTable);
      transaction.Commit();
    }
    for (const Migration& migration : migrations) {
      // Re-read inside the write transaction: another process may have migrated meanwhile.
      Transaction transaction(connection);
      const auto applied = AppliedMigrations(connection);
      CheckHistory(applied, migrations);
      if (applied.contains(migration.version)) continue;
      try {
        connection.Exec(migration.sql);
      } catch (const Error& error) {
        throw MigrationError("migration " + migration.name +
                             " failed and was rolled back: " + error.what());
      }
      connection
          .Prepare(
              "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
              "VALUES (?, ?, ?, ?)")
          .BindAll(migration.version, migration.name, MigrationChecksum(migration.sql), UtcNow())
          .Run();
      transaction.Commit();
      report.applied.push_back(migration.version);
    }
    CheckHistory(AppliedMigrations(connection), migrations);
    auto& version = connection.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
    version.Step();
    report.schema_version = static_cast<int>(version.ColumnInt(0));
    version.Reset();
  });
  return report;
}

HealthReport Database::CheckHealth() {
  HealthReport report;
  const PoolUse use = pool_use();
  report.pool_size = use.size;
  report.pool_in_use = use.in_use;
  const auto started = std::chrono::steady_clock::now();
  try {
    WithConnection([&](Connection& connection) {
      auto& query = connection.Prepare(
          "SELECT (SELECT max(version) FROM schema_migrations), "
          "(SELECT count(*) FROM instance)");
      if (!query.Step() || query.ColumnIsNull(0) || query.ColumnInt(1) != 1) {
        query.Reset();
        throw Error(Error::Kind::kOther, "the schema is incomplete");
      }
      report.schema_version = static_cast<int>(query.ColumnInt(0));
      query.Reset();
    });
    report.ok = true;
  } catch (const std::exception& error) {
    report.ok = false;
    report.error = error.what();
  }
  report.latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - started);
  return report;
}

}  // namespace store::sql
