#include "app/database_wiring.hpp"

#include <algorithm>
#include <thread>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace app {
namespace {

// One connection per thread that may query, plus the periodic tasks: nobody ever waits.
std::size_t ThreadsThatQuery(const Config& config) {
  const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t io = config.io_threads ? config.io_threads : cores;
  const std::size_t workers = config.worker_threads ? config.worker_threads : 2 * cores;
  const std::size_t hashers =
      (config.password_hash_threads ? config.password_hash_threads : cores) +
      config.registration_hash_threads;
  return io + workers + hashers + config.vision_check_threads + 2;
}

}  // namespace

std::unique_ptr<store::sql::Database> OpenDatabase(const Config& config, std::size_t pool_size) {
  if (pool_size == 0) pool_size = config.database_pool_size;
  if (pool_size == 0) pool_size = ThreadsThatQuery(config);
  if (!config.postgres_url.empty()) {
    store::postgres::PostgresOptions options;
    options.url = config.postgres_url;
    options.pool_size = pool_size;
    return std::make_unique<store::postgres::PostgresDatabase>(std::move(options));
  }
  store::sqlite::SqliteOptions options;
  options.path = config.sqlite_path;
  options.pool_size = pool_size;
  return std::make_unique<store::sqlite::SqliteDatabase>(std::move(options));
}

std::string DatabaseLocation(const Config& config) {
  return config.postgres_url.empty() ? config.sqlite_path.string() : RedactUrl(config.postgres_url);
}

}  // namespace app
