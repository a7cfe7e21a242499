#include "api/auth_middleware.hpp"

#include <spdlog/spdlog.h>

#include "api/auth_errors.hpp"
#include "http/cookies.hpp"
#include "http/route.hpp"

namespace api {
namespace {

bool ChangesState(http::Method method) {
  return method != http::Method::kGet && method != http::Method::kHead &&
         method != http::Method::kOptions;
}

std::optional<std::string> BearerToken(const http::Request& request) {
  const auto header = request.headers.Find("Authorization");
  if (!header || header->size() < 7 || !http::EqualsIgnoreCase(header->substr(0, 7), "Bearer ")) {
    return std::nullopt;
  }
  std::string_view token = header->substr(7);
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  return std::string(token);
}

http::ApiError Unauthenticated(std::string detail) {
  return http::ApiError(401, "unauthenticated", "Unauthorized", std::move(detail))
      .WithHeader("WWW-Authenticate", "Bearer realm=\"agile-backlog-automation\"");
}

}  // namespace

std::optional<std::string> PresentedAccessToken(const http::Request& request,
                                                const Services& services) {
  if (auto token = BearerToken(request)) return token;
  return http::FindCookie(request.headers, services.cookies.access_name);
}

http::Middleware AuthenticationMiddleware(const Services& services) {
  return [&services](http::Request& request, const http::Next& next) -> http::Response {
    const bool via_cookie = !BearerToken(request);
    const auto token = PresentedAccessToken(request, services);

    std::string refusal;
    if (token && !token->empty()) {
      auto result = services.auth.Authenticate(*token);
      if (auto* identity = std::get_if<auth::Identity>(&result)) {
        request.principal = http::Principal{
            identity->user_id,  identity->username,         identity->role, identity->session_id,
            identity->token_id, identity->token_expires_at, via_cookie};
      } else {
        refusal = std::get<std::string>(result);
      }
    }

    const http::Route* route = request.route;
    if (!route || route->access == http::Access::kPublic) return next(request);
    if (!request.principal) {
      if (!refusal.empty()) {
        spdlog::debug("refused a token for {} {}: {}", request.method_name, request.route_template,
                      refusal);
      }
      throw Unauthenticated(refusal.empty() ? "Sign in to use this endpoint."
                                            : "The access token is not valid; sign in again.");
    }
    if (route->access == http::Access::kAdmin && !request.principal->is_admin()) {
      spdlog::warn("refused user id {} on admin route {} {}", request.principal->user_id,
                   request.method_name, request.route_template);
      throw http::ApiError(403, "forbidden", "Forbidden", "This endpoint is for administrators.");
    }
    if (request.principal->via_cookie && ChangesState(request.method)) {
      const auto csrf = request.headers.Find("X-CSRF-Token");
      if (!csrf || !services.auth.CsrfTokenMatches(request.principal->token_id, *csrf)) {
        throw http::ApiError(403, "csrf_failed", "Forbidden",
                             "Send the csrf_token cookie's value in the X-CSRF-Token header.");
      }
    }
    return next(request);
  };
}

http::Middleware ApiRateLimitMiddleware(const Services& services) {
  return [&services](http::Request& request, const http::Next& next) -> http::Response {
    const http::Route* route = request.route;
    if (!route || route->rate_limited == http::RateLimited::kNo) return next(request);
    const std::string key = request.principal
                                ? "api:user:" + std::to_string(request.principal->user_id)
                                : "api:ip:" + request.client_ip;
    auth::RateDecision decision;
    try {
      decision = services.api_limiter.Hit(key, services.api_rate_limit.requests,
                                          services.api_rate_limit.window);
    } catch (const std::exception& error) {
      // Availability over strictness for the general limit; sign-in limits fail closed.
      spdlog::warn("the API rate limiter is unavailable ({}); letting the request through",
                   error.what());
      return next(request);
    }
    if (!decision.allowed) {
      const auto retry = std::max<std::int64_t>(
          1, std::chrono::duration_cast<std::chrono::seconds>(decision.reset_after).count());
      http::Response refused = http::ProblemResponse(
          http::ApiError(429, "rate_limited", "Too Many Requests",
                         "Too many requests; slow down and retry after the indicated time.")
              .WithHeader("Retry-After", std::to_string(retry)));
      AddRateLimitHeaders(refused.headers, "api", services.api_rate_limit.window, decision);
      return refused;
    }
    http::Response response = next(request);
    // A handler's own, stricter policy (sign-in) is the one to report.
    if (!response.headers.Contains("RateLimit-Policy")) {
      AddRateLimitHeaders(response.headers, "api", services.api_rate_limit.window, decision);
    }
    return response;
  };
}

}  // namespace api
