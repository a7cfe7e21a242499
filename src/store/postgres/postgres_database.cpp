#include "store/postgres/postgres_database.hpp"

#include "store/postgres/pg_connection.hpp"

namespace store::postgres {

PostgresDatabase::PostgresDatabase(PostgresOptions options)
    : options_(std::move(options)),
      pool_(
          options_.pool_size, options_.acquire_timeout,
          [this] {
            auto connection =
                std::make_unique<PgConnection>(options_.url, options_.connect_timeout);
            connection->Exec(
                "SET lock_timeout = " + std::to_string(options_.lock_timeout.count()) +
                "; SET statement_timeout = " + std::to_string(options_.statement_timeout.count()) +
                "; SET TIME ZONE 'UTC'; SET client_min_messages = warning");
            return connection;
          },
          [](PgConnection& connection) { return connection.Reusable(); }) {
  pool_.With([](PgConnection&) {});
}

PostgresDatabase::~PostgresDatabase() = default;

void PostgresDatabase::WithConnection(const std::function<void(sql::Connection&)>& work) {
  pool_.With([&](PgConnection& connection) { work(connection); });
}

const std::vector<Migration>& PostgresDatabase::EmbeddedMigrations() const {
  return store::postgres::EmbeddedMigrations();
}

sql::Database::PoolUse PostgresDatabase::pool_use() { return {pool_.size(), pool_.in_use()}; }

sql::Database::StorageUse PostgresDatabase::storage_use() {
  StorageUse use;  // the server's WAL is the server's: its own monitoring reports it
  WithConnection([&](sql::Connection& connection) {
    auto& query = connection.Prepare("SELECT pg_database_size(current_database())");
    query.Step();
    use.database_bytes = query.ColumnInt(0);
    query.Reset();
  });
  return use;
}

}  // namespace store::postgres
