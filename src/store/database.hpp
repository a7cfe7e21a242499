#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace store {

struct HealthReport {
  bool ok = false;
  int schema_version = 0;
  std::chrono::microseconds latency{0};
  std::string error;  // for the operator's log, never for clients
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
};

}  // namespace store
