#include "store/sqlite/sqlite_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <system_error>

#include "store/sqlite/connection.hpp"

namespace store::sqlite {
namespace {

[[noreturn]] void ThrowErrno(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

void ConfigureConnection(Connection& connection) {
  connection.Exec("PRAGMA foreign_keys = ON");
  connection.Exec("PRAGMA synchronous = NORMAL");  // durable at checkpoints; safe with WAL
}

constexpr std::string_view kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL,"
    " checksum TEXT NOT NULL,"
    " applied_at TEXT NOT NULL)";

std::map<int, std::pair<std::string, std::string>> AppliedMigrations(Connection& connection) {
  std::map<int, std::pair<std::string, std::string>> applied;
  auto& query = connection.Prepare("SELECT version, name, checksum FROM schema_migrations");
  while (query.Step()) {
    applied[static_cast<int>(query.ColumnInt(0))] = {query.ColumnText(1), query.ColumnText(2)};
  }
  return applied;
}

// Throws when the recorded history does not fit this build's migrations.
void CheckHistory(const std::map<int, std::pair<std::string, std::string>>& applied,
                  const std::vector<Migration>& migrations) {
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

}  // namespace

void PrepareDatabaseFile(const std::filesystem::path& file) {
  const auto parent = file.parent_path();
  if (!parent.empty()) {
    // Create each missing folder ourselves so it gets 0700 whatever the umask.
    std::filesystem::path partial;
    for (const auto& part : parent) {
      partial /= part;
      if (::mkdir(partial.c_str(), 0700) != 0 && errno != EEXIST) {
        ThrowErrno("creating folder " + partial.string());
      }
    }
  }
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) ThrowErrno("opening database file " + file.string());
  ::close(fd);
}

SqliteDatabase::SqliteDatabase(SqliteOptions options) : options_(std::move(options)) {
  if (options_.pool_size == 0) options_.pool_size = 1;
  PrepareDatabaseFile(options_.path);
  auto first = Take();
  {
    // WAL is a property of the file: set once, it holds for every later connection.
    auto& mode = first->Prepare("PRAGMA journal_mode = WAL");
    if (!mode.Step() || mode.ColumnText(0) != "wal") {
      throw SqliteError(SQLITE_ERROR,
                        "could not switch " + options_.path.string() + " to WAL mode");
    }
    mode.Reset();
  }
  Give(std::move(first));
}

SqliteDatabase::~SqliteDatabase() = default;

std::unique_ptr<Connection> SqliteDatabase::Take() {
  std::unique_lock lock(mutex_);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.busy_timeout_ms);
  while (idle_.empty() && open_ >= options_.pool_size) {
    if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty()) {
      throw SqliteError(SQLITE_BUSY, "no database connection became free in time");
    }
  }
  if (!idle_.empty()) {
    auto connection = std::move(idle_.back());
    idle_.pop_back();
    return connection;
  }
  ++open_;
  lock.unlock();
  try {
    auto connection = std::make_unique<Connection>(
        Connection::Options{options_.path, options_.busy_timeout_ms, false});
    ConfigureConnection(*connection);
    return connection;
  } catch (...) {
    std::lock_guard relock(mutex_);
    --open_;
    available_.notify_one();
    throw;
  }
}

void SqliteDatabase::Give(std::unique_ptr<Connection> connection) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(connection));
  }
  available_.notify_one();
}

void SqliteDatabase::WithConnection(const std::function<void(Connection&)>& work) {
  auto connection = Take();
  try {
    work(*connection);
  } catch (...) {
    Give(std::move(connection));
    throw;
  }
  Give(std::move(connection));
}

MigrationReport SqliteDatabase::Migrate(const std::vector<Migration>& migrations) {
  ValidateMigrationList(migrations);
  MigrationReport report;
  WithConnection([&](Connection& connection) {
    connection.Exec(kCreateMigrationsTable);
    for (const Migration& migration : migrations) {
      // Re-read inside the write transaction: another process may have migrated meanwhile.
      Transaction transaction(connection);
      const auto applied = AppliedMigrations(connection);
      CheckHistory(applied, migrations);
      if (applied.contains(migration.version)) continue;
      try {
        connection.Exec(migration.sql);
      } catch (const SqliteError& error) {
        throw MigrationError("migration " + migration.name +
                             " failed and was rolled back: " + error.what());
      }
      connection
          .Prepare(
              "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
              "VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))")
          .BindAll(migration.version, migration.name, MigrationChecksum(migration.sql))
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

HealthReport SqliteDatabase::CheckHealth() {
  HealthReport report;
  const auto started = std::chrono::steady_clock::now();
  try {
    WithConnection([&](Connection& connection) {
      auto& query = connection.Prepare(
          "SELECT (SELECT max(version) FROM schema_migrations), "
          "(SELECT count(*) FROM instance)");
      if (!query.Step() || query.ColumnIsNull(0) || query.ColumnInt(1) != 1) {
        query.Reset();
        throw SqliteError(SQLITE_CORRUPT, "the schema is incomplete");
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

void SqliteDatabase::BackupTo(const std::filesystem::path& destination) {
  if (std::filesystem::exists(destination)) {
    throw std::system_error(std::make_error_code(std::errc::file_exists),
                            "backup destination " + destination.string() + " already exists");
  }
  auto partial = destination;
  partial += ".partial";
  std::filesystem::remove(partial);
  {
    const int fd = ::open(partial.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) ThrowErrno("creating backup file " + partial.string());
    ::close(fd);
  }
  try {
    Connection target(Connection::Options{partial, options_.busy_timeout_ms, false});
    WithConnection([&](Connection& source) {
      sqlite3_backup* backup =
          sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
      if (!backup) Check(target.handle(), sqlite3_errcode(target.handle()), "starting the backup");
      // All pages in one step: a single read transaction, which in WAL mode does not block
      // writers and cannot be restarted by them.
      int code = SQLITE_OK;
      do {
        code = sqlite3_backup_step(backup, -1);
        if (code == SQLITE_BUSY || code == SQLITE_LOCKED) sqlite3_sleep(20);
      } while (code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED);
      const int finish = sqlite3_backup_finish(backup);
      if (code != SQLITE_DONE) Check(target.handle(), code, "copying the database");
      Check(target.handle(), finish, "finishing the backup");
    });
    // A self-contained single file: no -wal/-shm companions when it is opened later.
    target.Exec("PRAGMA journal_mode = DELETE");
    auto& check = target.Prepare("PRAGMA quick_check");
    if (!check.Step() || check.ColumnText(0) != "ok") {
      throw SqliteError(SQLITE_CORRUPT, "the backup failed its integrity check");
    }
    check.Reset();
  } catch (...) {
    std::filesystem::remove(partial);
    throw;
  }
  // link() refuses to replace a file that appeared meanwhile, unlike rename().
  if (::link(partial.c_str(), destination.c_str()) != 0) {
    const int error = errno;
    std::filesystem::remove(partial);
    errno = error;
    ThrowErrno("moving the backup to " + destination.string());
  }
  std::filesystem::remove(partial);
}

}  // namespace store::sqlite
