#include "store/migration.hpp"

#include <cstdint>
#include <cstdio>

namespace store {

std::string MigrationChecksum(std::string_view sql) {
  // FNV-1a, 64 bits: detects accidental edits; migrations are not adversarial input.
  std::uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : sql) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

void ValidateMigrationList(const std::vector<Migration>& migrations) {
  int expected = 1;
  for (const auto& migration : migrations) {
    if (migration.version != expected) {
      throw std::invalid_argument("migration " + migration.name + " has version " +
                                  std::to_string(migration.version) + ", expected " +
                                  std::to_string(expected));
    }
    ++expected;
  }
}

}  // namespace store
