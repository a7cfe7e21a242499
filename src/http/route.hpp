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
// network or bcrypt); worker handlers run on a bounded pool and may; password handlers (bcrypt,
// ~0.25 s of CPU each) run on their own small bounded pool so a flood of sign-ins cannot starve
// anything else. A full pool answers 503 with Retry-After.
enum class Execution { kInline, kWorker, kPassword };

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
};

}  // namespace http
