#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace store {

// One numbered schema change, embedded in the binary from src/store/migrations/<backend>/.
struct Migration {
  int version = 0;
  std::string name;  // file name, e.g. "0001_instance.sql"
  std::string_view sql;
};

struct MigrationReport {
  std::vector<int> applied;  // versions applied by this run, ascending
  int schema_version = 0;    // the version the database is at afterwards
};

// The database cannot be brought to this build's schema: a migration failed (and was rolled
// back), an applied migration was edited, or the database is newer than this build.
class MigrationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A fingerprint of a migration's text, stored when it is applied so an edit is detected.
std::string MigrationChecksum(std::string_view sql);

// Throws std::invalid_argument when versions are not unique and ascending from 1.
void ValidateMigrationList(const std::vector<Migration>& migrations);

}  // namespace store
