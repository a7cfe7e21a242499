#include "api/auth_errors.hpp"

#include <string>

namespace api {

http::ApiError ToApiError(const auth::AuthError& error) {
  using Kind = auth::AuthErrorKind;
  const std::string detail = error.what();
  switch (error.kind()) {
    case Kind::kInvalidCredentials:
      return http::ApiError(401, "invalid_credentials", "Unauthorized", detail);
    case Kind::kUnauthenticated:
      return http::ApiError(401, "unauthenticated", "Unauthorized", detail);
    case Kind::kLocked:
      return http::ApiError(423, "account_locked", "Locked", detail)
          .WithHeader("Retry-After", std::to_string(error.retry_after_seconds()));
    case Kind::kRateLimited: {
      http::ApiError api_error(429, "rate_limited", "Too Many Requests", detail);
      api_error.WithHeader("Retry-After", std::to_string(error.retry_after_seconds()));
      return api_error;
    }
    case Kind::kDisabled:
      return http::ApiError(403, "account_disabled", "Forbidden", detail);
    case Kind::kForbidden:
      return http::ApiError(403, "forbidden", "Forbidden", detail);
    case Kind::kRegistrationClosed:
      return http::ApiError(403, "registration_closed", "Forbidden", detail);
    case Kind::kAccountExists:
      return http::ApiError(400, "account_exists", "Bad Request", detail)
          .WithFieldError(error.field(), detail);
    case Kind::kInvalidInput:
      return http::ApiError(422, "validation_failed", "Unprocessable Content", detail)
          .WithFieldError(error.field(), detail);
    case Kind::kWrongPassword:
      return http::ApiError(400, "wrong_password", "Bad Request", detail)
          .WithFieldError(error.field(), detail);
    case Kind::kNotFound:
      return http::NotFoundError(detail);
  }
  return http::ApiError(500, "internal_error", "Internal Server Error");
}

void AddRateLimitHeaders(http::Headers& headers, std::string_view policy,
                         std::chrono::seconds window, const auth::RateDecision& decision) {
  const auto reset = std::chrono::duration_cast<std::chrono::seconds>(decision.reset_after).count();
  const std::string name = "\"" + std::string(policy) + "\"";
  headers.Set("RateLimit-Policy", name + ";q=" + std::to_string(decision.limit) +
                                      ";w=" + std::to_string(window.count()));
  headers.Set("RateLimit", name + ";r=" + std::to_string(decision.remaining) +
                               ";t=" + std::to_string(std::max<std::int64_t>(reset, 0)));
}

}  // namespace api
