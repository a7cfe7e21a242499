#include "api/ops.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace api::ops {

http::Handler Health(const Services& services) {
  return [&services](const http::Request&) {
    const store::HealthReport database = services.database.CheckHealth();
    const auto uptime = std::chrono::steady_clock::now() - services.started_at;
    nlohmann::json check = {{"status", database.ok ? "ok" : "fail"},
                            {"backend", services.database.backend()}};
    if (database.ok) {
      check["schema_version"] = database.schema_version;
      check["latency_ms"] = static_cast<double>(database.latency.count()) / 1000.0;
    } else {
      spdlog::error("health check: the database is unavailable: {}", database.error);
    }
    const nlohmann::json body = {
        {"status", database.ok ? "ok" : "unavailable"},
        {"version", services.build.version},
        {"build", services.build.build_version},
        {"uptime_s", std::chrono::duration_cast<std::chrono::seconds>(uptime).count()},
        {"checks", {{"database", check}}},
    };
    return http::Response::Json(database.ok ? 200 : 503, body.dump());
  };
}

http::Handler BuildVersion(const Services& services) {
  // The answer never changes while the process runs: serialize it once.
  auto body = std::make_shared<const std::string>(nlohmann::json{
      {"build_version", services.build.build_version},
      {"version", services.build.version},
      {"git_commit", services.build.git_commit},
      {"built_at", services.build.built_at},
  }
                                                      .dump());
  return [body](const http::Request&) { return http::Response::Json(200, *body); };
}

http::Handler Metrics(const Services& services) {
  return [&services](const http::Request&) {
    return http::Response::Text(200, services.metrics.RenderPrometheus(),
                                "text/plain; version=0.0.4; charset=utf-8");
  };
}

}  // namespace api::ops
