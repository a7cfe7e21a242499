#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "http/api_error.hpp"
#include "http/request.hpp"
#include "http/response.hpp"

namespace http {

class Next;

// A middleware sees every request before the handler and every response after it:
//
//   Response Cors(Request& request, const Next& next) {
//     if (request.method == Method::kOptions) return Preflight(request);   // answer early
//     Response response = next(request);                                    // continue the chain
//     response.headers.Set("Vary", "Origin");                              // adjust the answer
//     return response;
//   }
//
// Middlewares run in the order they are given to the Dispatcher, after routing (so
// request.route says which route and which Access rule apply, or is null for 404/405 and static
// files) and on the thread the route's Execution picks. To reject a request, throw ApiError or
// return a response without calling next. Planned chain: request context → CORS → rate limits →
// authentication → handler.
using Middleware = std::function<Response(Request&, const Next&)>;

// Calls the rest of the chain. Cheap to copy; built by the Dispatcher, never by middleware.
class Next {
 public:
  using Terminal = std::function<Response(Request&)>;
  Next(const std::vector<Middleware>& chain, std::size_t index, const Terminal& terminal)
      : chain_(chain), index_(index), terminal_(terminal) {}

  // An ApiError thrown further down comes back as its problem+json response, so every
  // middleware can adjust error answers too (CORS headers on a 401, say).
  Response operator()(Request& request) const {
    try {
      if (index_ == chain_.size()) return terminal_(request);
      return chain_[index_](request, Next(chain_, index_ + 1, terminal_));
    } catch (const ApiError& error) {
      return ProblemResponse(error);
    }
  }

 private:
  const std::vector<Middleware>& chain_;
  std::size_t index_;
  const Terminal& terminal_;
};

}  // namespace http
