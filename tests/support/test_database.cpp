#include "support/test_database.hpp"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace testing_support {
namespace {

// TEST_POSTGRES_URL, or the first line of the file TEST_POSTGRES_URL_FILE names (where the
// ctest fixture's server wrote its URL).
std::string ServerUrl() {
  if (const char* url = std::getenv("TEST_POSTGRES_URL")) return url;
  std::string url;
  if (const char* file = std::getenv("TEST_POSTGRES_URL_FILE")) {
    std::ifstream in(file);
    std::getline(in, url);
    if (url.empty()) throw std::runtime_error(std::string("no server URL in ") + file);
  }
  return url;
}

std::filesystem::path SqliteFileOf(const std::filesystem::path& dir) {
  return dir / "data" / "agile_backlog.db";
}

// The folder's database name, chosen once and kept in the folder.
std::string PostgresDatabaseOf(const std::filesystem::path& dir) {
  const auto marker = dir / "postgres-database";
  std::string name;
  if (std::ifstream in(marker); in && std::getline(in, name) && !name.empty()) return name;
  static std::atomic<int> counter{0};
  std::random_device random;
  name = "t" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" +
         std::to_string(random() % 100000);
  store::postgres::PostgresOptions options;
  options.url = ServerUrl() + "postgres";
  options.pool_size = 1;
  store::postgres::PostgresDatabase server(options);
  server.WithConnection(
      [&](store::sql::Connection& connection) { connection.Exec("CREATE DATABASE " + name); });
  std::filesystem::create_directories(dir);
  std::ofstream(marker) << name << '\n';
  return name;
}

template <typename Read>
void QueryFirst(const std::filesystem::path& dir, const std::string& sql, Read read) {
  auto database = OpenDatabaseOf(dir);
  database->WithConnection([&](store::sql::Connection& connection) {
    auto& query = connection.Prepare(sql);
    if (query.Step()) read(query);
    query.Reset();
  });
}

}  // namespace

bool UsesPostgres() { return !ServerUrl().empty(); }

std::string DatabaseUrlFor(const std::filesystem::path& dir) {
  if (UsesPostgres()) return ServerUrl() + PostgresDatabaseOf(dir);
  return "sqlite://" + SqliteFileOf(dir).string();
}

std::unique_ptr<store::sql::Database> OpenDatabaseOf(const std::filesystem::path& dir) {
  if (UsesPostgres()) {
    store::postgres::PostgresOptions options;
    options.url = DatabaseUrlFor(dir);
    options.pool_size = 1;
    return std::make_unique<store::postgres::PostgresDatabase>(options);
  }
  store::sqlite::SqliteOptions options;
  options.path = SqliteFileOf(dir);
  options.busy_timeout_ms = 10'000;  // the running service writes too
  options.pool_size = 1;
  return std::make_unique<store::sqlite::SqliteDatabase>(options);
}

void ExecSql(const std::filesystem::path& dir, const std::string& sql) {
  auto database = OpenDatabaseOf(dir);
  database->WithConnection([&](store::sql::Connection& connection) { connection.Exec(sql); });
}

std::int64_t QueryInt(const std::filesystem::path& dir, const std::string& sql) {
  std::int64_t value = 0;
  QueryFirst(dir, sql, [&](store::sql::Statement& row) { value = row.ColumnInt(0); });
  return value;
}

std::vector<std::vector<std::string>> QueryRows(const std::filesystem::path& dir,
                                                const std::string& sql,
                                                const std::vector<std::string>& parameters) {
  std::vector<std::vector<std::string>> rows;
  auto database = OpenDatabaseOf(dir);
  database->WithConnection([&](store::sql::Connection& connection) {
    auto& query = connection.Prepare(sql);
    for (std::size_t i = 0; i < parameters.size(); ++i) {
      query.Bind(static_cast<int>(i + 1), parameters[i]);
    }
    while (query.Step()) {
      std::vector<std::string> row;
      for (int column = 0; column < query.ColumnCount(); ++column) {
        row.push_back(query.ColumnText(column));
      }
      rows.push_back(std::move(row));
    }
    query.Reset();
  });
  return rows;
}

std::string QueryText(const std::filesystem::path& dir, const std::string& sql) {
  std::string value;
  QueryFirst(dir, sql, [&](store::sql::Statement& row) { value = row.ColumnText(0); });
  return value;
}

}  // namespace testing_support
