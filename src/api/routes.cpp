#include "api/routes.hpp"

#include "api/openapi.hpp"
#include "api/ops.hpp"

namespace api {

std::vector<http::Route> BuildRoutes(const Services& services) {
  using http::Access;
  using http::Execution;
  using http::Method;
  constexpr bool kReadOnly = false;

  std::vector<http::Route> routes = {
      // Inline although it queries SQLite: a WAL read never waits for writers, and the pool has
      // a connection for every thread, so it cannot block an I/O thread.
      {Method::kGet, "/api/health", ops::Health(services), Access::kPublic, kReadOnly,
       Execution::kInline, "Liveness and database check; 503 names the failed check"},
      {Method::kGet, "/api/build-version", ops::BuildVersion(services), Access::kPublic, kReadOnly,
       Execution::kInline, "Version, git commit and build time of this build"},
      {Method::kGet, "/metrics", ops::Metrics(services), Access::kPublic, kReadOnly,
       Execution::kInline, "Prometheus metrics: requests, latency, in-flight, memory"},
  };
  // The API description is generated from the rows above, so it cannot drift from them.
  routes.push_back({Method::kGet, "/api/openapi.json", OpenApiDocument(routes, services.build),
                    Access::kPublic, kReadOnly, Execution::kInline,
                    "This API's OpenAPI 3.1 description"});
  return routes;
}

}  // namespace api
