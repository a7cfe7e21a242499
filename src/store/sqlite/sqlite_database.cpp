#include "store/sqlite/sqlite_database.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

SqliteDatabase::SqliteDatabase(SqliteOptions options)
    : options_(std::move(options)),
      pool_(options_.pool_size, std::chrono::milliseconds(options_.busy_timeout_ms), [this] {
        auto connection = std::make_unique<Connection>(
            Connection::Options{options_.path, options_.busy_timeout_ms, false});
        ConfigureConnection(*connection);
        return connection;
      }) {
  PrepareDatabaseFile(options_.path);
  pool_.With([&](Connection& first) {
    // WAL is a property of the file: set once, it holds for every later connection.
    auto& mode = first.Prepare("PRAGMA journal_mode = WAL");
    if (!mode.Step() || mode.ColumnText(0) != "wal") {
      throw SqliteError(SQLITE_ERROR,
                        "could not switch " + options_.path.string() + " to WAL mode");
    }
    mode.Reset();
  });
}

SqliteDatabase::~SqliteDatabase() = default;

void SqliteDatabase::WithConnection(const std::function<void(sql::Connection&)>& work) {
  pool_.With([&](Connection& connection) { work(connection); });
}

sql::Database::PoolUse SqliteDatabase::pool_use() { return {pool_.size(), pool_.in_use()}; }

sql::Database::StorageUse SqliteDatabase::storage_use() {
  std::error_code ec;
  StorageUse use;
  const auto size = std::filesystem::file_size(options_.path, ec);
  use.database_bytes = ec ? 0 : static_cast<std::int64_t>(size);
  auto wal = options_.path;
  wal += "-wal";
  const auto wal_size = std::filesystem::file_size(wal, ec);
  use.wal_bytes = ec ? 0 : static_cast<std::int64_t>(wal_size);
  return use;
}

const std::vector<Migration>& SqliteDatabase::EmbeddedMigrations() const {
  return store::sqlite::EmbeddedMigrations();
}

void SqliteDatabase::BackupTo(const std::filesystem::path& destination,
                              const std::vector<std::string>& emptied_tables) {
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
    pool_.With([&](Connection& source) {
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
    for (const auto& table : emptied_tables) target.Exec("DELETE FROM " + table);
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
