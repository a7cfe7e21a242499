#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "store/sql/sql.hpp"

namespace testing_support {

// The integration suite runs once on SQLite files and once on PostgreSQL: when
// TEST_POSTGRES_URL names a server (postgresql://user@host:port/, started by
// tests/support/postgres-server.sh), every service folder gets its own database there.
bool UsesPostgres();

// DATABASE_URL for a service in `dir`: its SQLite file, or its PostgreSQL database, created on
// first use and the same for every later service in that folder (restarts keep their data).
std::string DatabaseUrlFor(const std::filesystem::path& dir);

// The database of the service in `dir`, for tests that look at or change rows directly.
std::unique_ptr<store::sql::Database> OpenDatabaseOf(const std::filesystem::path& dir);

// Runs static SQL against the database of the service in `dir`.
void ExecSql(const std::filesystem::path& dir, const std::string& sql);

// The integer in the first column of the first row of `sql` (0 when there is no row).
std::int64_t QueryInt(const std::filesystem::path& dir, const std::string& sql);

// Every row of `sql` with `parameters` bound to its `?`s, each column as text (NULL as "").
std::vector<std::vector<std::string>> QueryRows(const std::filesystem::path& dir,
                                                const std::string& sql,
                                                const std::vector<std::string>& parameters = {});

// The text in the first column of the first row of `sql` ("" when there is no row).
std::string QueryText(const std::filesystem::path& dir, const std::string& sql);

}  // namespace testing_support
