#pragma once

#include <chrono>
#include <string>

#include "http/metrics.hpp"
#include "store/database.hpp"

namespace api {

struct BuildDescription {
  std::string version;
  std::string build_version;
  std::string git_commit;
  std::string built_at;
};

// What the handlers depend on, wired once by app/. Handlers keep references; the app owns the
// objects and outlives the server.
struct Services {
  store::Database& database;
  http::HttpMetrics& metrics;
  BuildDescription build;
  std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
};

}  // namespace api
