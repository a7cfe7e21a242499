#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

namespace api::ops {

// GET /api/health: liveness plus a real database query; 503 naming the failed check.
http::Handler Health(const Services& services);
// GET /api/build-version: what was built, from which commit, when.
http::Handler BuildVersion(const Services& services);
// GET /metrics: Prometheus text exposition.
http::Handler Metrics(const Services& services);

}  // namespace api::ops
