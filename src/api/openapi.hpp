#pragma once

#include <vector>

#include "api/services.hpp"
#include "http/route.hpp"

namespace api {

// GET /api/openapi.json, built once from the route table (paths, methods, parameters, summaries,
// and which routes need authentication).
http::Handler OpenApiDocument(const std::vector<http::Route>& routes,
                              const BuildDescription& build);

}  // namespace api
