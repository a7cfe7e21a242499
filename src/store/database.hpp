#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace store {

struct HealthReport {
  bool ok = false;
  int schema_version = 0;
  std::chrono::microseconds latency{0};
  std::string error;            // for the operator's log, never for clients
  std::size_t pool_size = 0;    // connections the pool may open
  std::size_t pool_in_use = 0;  // connections handed out when the check started
};

// The service's handle on its database, whatever the backend. Repositories for each resource are
// obtained from the backend that implements this; the rest of the service sees only interfaces.
class Database {
 public:
  virtual ~Database() = default;

  // Runs a real query against the schema. Never throws.
  virtual HealthReport CheckHealth() = 0;

  // "sqlite" or "postgresql", for logs and health.
  virtual std::string_view backend() const = 0;

  struct PoolUse {
    std::size_t size = 0;    // connections the pool may open
    std::size_t in_use = 0;  // connections handed out now
  };
  // Without a query: cheap enough for every scrape of /metrics.
  virtual PoolUse pool_use() = 0;

  struct StorageUse {
    std::int64_t database_bytes = 0;
    std::optional<std::int64_t> wal_bytes;  // where the service can see it (SQLite's -wal file)
  };
  virtual StorageUse storage_use() = 0;
};

}  // namespace store
