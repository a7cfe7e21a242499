#include "http/dispatcher.hpp"

#include <spdlog/spdlog.h>

#include <string>

#include "http/api_error.hpp"
#include "http/request_context.hpp"

namespace http {

Dispatcher::Dispatcher(Router router, std::vector<Middleware> middleware, Handler fallback,
                       std::vector<std::string> reserved)
    : router_(std::move(router)),
      middleware_(std::move(middleware)),
      fallback_(std::move(fallback)),
      reserved_(std::move(reserved)),
      terminal_([this](Request& request) { return Terminal(request); }) {}

bool Dispatcher::IsReserved(std::string_view path) const {
  for (const auto& prefix : reserved_) {
    if (path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/')) {
      return true;
    }
  }
  return false;
}

Response Dispatcher::Handle(Request& request) const {
  RequestIdScope scope(request.request_id);
  try {
    return Next(middleware_, 0, terminal_)(request);
  } catch (const ApiError& error) {
    return ProblemResponse(error);
  } catch (const std::exception& error) {
    spdlog::error("unhandled error in {} {}: {}", request.method_name,
                  request.route_template.empty() ? "(no route)" : request.route_template,
                  error.what());
  } catch (...) {
    spdlog::error("unhandled non-standard exception in {} {}", request.method_name,
                  request.route_template);
  }
  return ProblemResponse(ApiError(500, "internal_error", "Internal Server Error",
                                  "The server could not complete the request; the request id "
                                  "identifies it in the server's log."));
}

Response Dispatcher::Terminal(Request& request) const {
  if (request.route) return request.route->handler(request);
  if (!request.allowed_methods.empty()) {
    std::string allow;
    for (Method method : request.allowed_methods) {
      if (!allow.empty()) allow += ", ";
      allow += MethodName(method);
    }
    throw ApiError(405, "method_not_allowed", "Method Not Allowed",
                   "This resource does not support " + request.method_name + ".")
        .WithHeader("Allow", allow);
  }
  const bool readable = request.method == Method::kGet || request.method == Method::kHead;
  if (fallback_ && readable && !IsReserved(request.path)) return fallback_(request);
  throw NotFoundError();
}

}  // namespace http
