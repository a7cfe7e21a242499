#pragma once

#include <functional>
#include <string>

#include "http/method.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace http {

using Handler = std::function<Response(const Request&)>;

// Who may call a route. The auth middleware enforces it; routes are private unless they say so.
enum class Access { kPublic, kUser, kAdmin };

// Where a handler runs. Inline handlers run on the I/O thread and must never block (no disk,
// network or bcrypt); worker handlers run on a bounded pool and may; isolated handlers run on a
// named pool of their own (ServerOptions::isolated_pools), so that costly work (bcrypt, ~0.25 s
// of CPU each) cannot starve anything else, nor one kind of it another. A full pool answers 503
// with Retry-After. A handler that waits for something slow returns a PendingResponse instead of
// blocking any of these threads.
enum class Execution { kInline, kWorker, kIsolated };

// Whether the general per-user/per-IP API rate limit applies.
enum class RateLimited { kYes, kNo };

// One row of the declarative route table. The same rows drive routing, the auth rule, metrics
// labels and the generated API description.
struct Route {
  Method method = Method::kGet;
  std::string path;  // template with {name} segments, e.g. "/api/projects/{id}"
  Handler handler;
  Access access = Access::kUser;
  bool mutates = false;
  Execution execution = Execution::kWorker;
  std::string summary;
  RateLimited rate_limited = RateLimited::kYes;
  std::string pool{};  // for Execution::kIsolated: the name of its pool
};

}  // namespace http
