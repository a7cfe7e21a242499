#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/middleware.hpp"
#include "http/route.hpp"
#include "http/router.hpp"

namespace http {

// Everything between a parsed request and its response, free of any transport: routing, the
// middleware chain, the handler, 404/405, the static-file fallback and the mapping of errors to
// problem+json. The server calls Match() then Handle(), possibly on different threads.
class Dispatcher {
 public:
  // `fallback` answers GET/HEAD requests that match no route (static files), except under the
  // `reserved` paths ("/api" covers "/api" and everything below it), which answer 404; may be
  // empty.
  Dispatcher(Router router, std::vector<Middleware> middleware, Handler fallback,
             std::vector<std::string> reserved = {});

  // Cheap and non-blocking: routes the request so the caller knows the route's Execution.
  const Route* Match(Request& request) const { return router_.Match(request); }

  // Runs the chain and the handler. Never throws: an ApiError becomes its problem+json answer,
  // anything else a 500 without detail, logged with the request id.
  Response Handle(Request& request) const;

  const Router& router() const { return router_; }

 private:
  Response Terminal(Request& request) const;
  bool IsReserved(std::string_view path) const;

  Router router_;
  std::vector<Middleware> middleware_;
  Handler fallback_;
  std::vector<std::string> reserved_;
  Next::Terminal terminal_;
};

}  // namespace http
