#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql/sql.hpp"

namespace store::sql {

struct TableCopy {
  std::string table;
  std::int64_t source_rows = 0;
  std::int64_t target_rows = 0;
};

// Copies a whole installation (accounts, sessions, projects, backlogs, jobs and their events,
// settings, pushes, the installation's id) from `from` to `to`, e.g. a SQLite file to a new
// PostgreSQL database. Both must be migrated to the same schema version and `to` must hold no
// accounts yet. Everything is written in one transaction on `to` and the row counts of every
// table are compared before it commits, so a refused or failed copy leaves `to` as it was.
// Throws std::runtime_error naming the reason.
std::vector<TableCopy> CopyDatabase(Database& from, Database& to);

}  // namespace store::sql
