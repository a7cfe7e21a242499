#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/migration.hpp"
#include "store/sql/connection_pool.hpp"
#include "store/sql/sql.hpp"

namespace store::sqlite {

class Connection;

struct SqliteOptions {
  std::filesystem::path path = "data/agile_backlog.db";
  int busy_timeout_ms = 5000;
  std::size_t pool_size = 8;  // connections; each is used by one thread at a time
};

// The embedded database: WAL mode, foreign keys on, a busy timeout, and a small pool of
// connections. The file is created with mode 0600 inside folders created with mode 0700.
class SqliteDatabase final : public sql::Database {
 public:
  explicit SqliteDatabase(SqliteOptions options);
  ~SqliteDatabase() override;

  std::string_view backend() const override { return "sqlite"; }

  // Copies the live database to `destination` (which must not exist) with SQLite's online
  // backup API: a consistent snapshot even while other connections write. The copy is written
  // beside the destination and renamed into place only when complete, with mode 0600.
  // `emptied_tables` are emptied in the copy (rows that describe the running process, not data).
  void BackupTo(const std::filesystem::path& destination,
                const std::vector<std::string>& emptied_tables = {});

  // Runs `work` with a pooled connection. Waits for a free one up to the busy timeout.
  void WithConnection(const std::function<void(sql::Connection&)>& work) override;
  const std::vector<Migration>& EmbeddedMigrations() const override;

  const std::filesystem::path& path() const { return options_.path; }

  PoolUse pool_use() override;
  StorageUse storage_use() override;

 private:
  SqliteOptions options_;
  sql::ConnectionPool<Connection> pool_;
};

// Creates missing folders of `file`'s parent with mode 0700 and `file` itself with mode 0600.
void PrepareDatabaseFile(const std::filesystem::path& file);

// The migrations embedded from src/store/migrations/sqlite/, ascending.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace store::sqlite
