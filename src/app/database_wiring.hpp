#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "store/sql/sql.hpp"

namespace app {

// The database DATABASE_URL names: SQLite (the default) or PostgreSQL. Not yet migrated.
// `pool_size` 0 sizes the pool for the threads of this configuration (or DATABASE_POOL_SIZE).
std::unique_ptr<store::sql::Database> OpenDatabase(const Config& config, std::size_t pool_size = 0);

// Where the database is, for messages: the file, or the URL without its password and query.
std::string DatabaseLocation(const Config& config);

}  // namespace app
