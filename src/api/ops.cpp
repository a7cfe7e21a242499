#include "api/ops.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace api::ops {

http::Handler Health(const Services& services) {
  // Load balancers call this constantly: the constant parts are serialized once, and the
  // healthy answer is assembled as text (nlohmann's object building cost more than the query).
  const std::string version = nlohmann::json(services.build.version).dump();
  const std::string build = nlohmann::json(services.build.build_version).dump();
  const std::string backend = nlohmann::json(services.database.backend()).dump();
  return [&services, version, build, backend](const http::Request&) {
    const store::HealthReport database = services.database.CheckHealth();
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::steady_clock::now() - services.started_at)
                            .count();
    if (!database.ok) {
      spdlog::error("health check: the database is unavailable: {}", database.error);
      const nlohmann::json body = {
          {"status", "unavailable"},
          {"version", services.build.version},
          {"build", services.build.build_version},
          {"uptime_s", uptime},
          {"checks",
           {{"database", {{"status", "fail"}, {"backend", services.database.backend()}}}}},
      };
      return http::Response::Json(503, body.dump());
    }
    const double latency_ms = static_cast<double>(database.latency.count()) / 1000.0;
    return http::Response::Json(
        200, fmt::format(R"({{"build":{},"checks":{{"database":{{"backend":{},"latency_ms":{:.3f},)"
                         R"("pool_in_use":{},"pool_size":{},)"
                         R"("schema_version":{},"status":"ok"}}}},"status":"ok","uptime_s":{},)"
                         R"("version":{}}})",
                         build, backend, latency_ms, database.pool_in_use, database.pool_size,
                         database.schema_version, uptime, version));
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
    const store::Database::PoolUse pool = services.database.pool_use();
    const std::string backend(services.database.backend());
    std::string text = services.metrics.RenderPrometheus();
    text += fmt::format(
        "# HELP backlog_db_pool_connections Database connections this instance may open.\n"
        "# TYPE backlog_db_pool_connections gauge\n"
        "backlog_db_pool_connections{{backend=\"{0}\"}} {1}\n"
        "# HELP backlog_db_pool_in_use Database connections handed out now.\n"
        "# TYPE backlog_db_pool_in_use gauge\n"
        "backlog_db_pool_in_use{{backend=\"{0}\"}} {2}\n",
        backend, pool.size, pool.in_use);
    if (services.more_metrics) text += services.more_metrics();
    return http::Response::Text(200, text, "text/plain; version=0.0.4; charset=utf-8");
  };
}

}  // namespace api::ops
