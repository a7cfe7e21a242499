#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "store/migration.hpp"
#include "store/sql/connection_pool.hpp"
#include "store/sql/sql.hpp"

namespace store::postgres {

class PgConnection;

struct PostgresOptions {
  std::string url;  // postgresql://user:pass@host:port/db?sslmode=…, as libpq reads it
  std::size_t pool_size = 8;
  std::chrono::seconds connect_timeout{10};
  std::chrono::milliseconds acquire_timeout{5000};  // waiting for a free pooled connection
  std::chrono::milliseconds lock_timeout{10000};    // waiting for a row or the writer lock
  std::chrono::milliseconds statement_timeout{60000};
};

// PostgreSQL for several instances sharing one store: a pool of libpq connections, each with
// its statements prepared on first use, and the numbered migrations of
// src/store/migrations/postgresql/ applied under the single-writer lock, so instances starting
// together migrate once.
class PostgresDatabase final : public sql::Database {
 public:
  // Opens one connection at once, so an unreachable server fails the start with libpq's reason.
  explicit PostgresDatabase(PostgresOptions options);
  ~PostgresDatabase() override;

  void WithConnection(const std::function<void(sql::Connection&)>& work) override;
  const std::vector<Migration>& EmbeddedMigrations() const override;
  std::string_view backend() const override { return "postgresql"; }

  PoolUse pool_use() override;
  StorageUse storage_use() override;

 private:
  PostgresOptions options_;
  sql::ConnectionPool<PgConnection> pool_;
};

// The migrations embedded from src/store/migrations/postgresql/, ascending.
const std::vector<Migration>& EmbeddedMigrations();

}  // namespace store::postgres
