#include "api/error_mapping.hpp"

#include <spdlog/spdlog.h>

#include <string>

namespace api {
namespace {

struct StatusOfKind {
  int status;
  const char* title;
};

StatusOfKind StatusOf(services::ErrorKind kind) {
  using services::ErrorKind;
  switch (kind) {
    case ErrorKind::kNotFound:
      return {404, "Not Found"};
    case ErrorKind::kInvalid:
      return {422, "Unprocessable Content"};
    case ErrorKind::kBadRequest:
      return {400, "Bad Request"};
    case ErrorKind::kConflict:
      return {409, "Conflict"};
    case ErrorKind::kTooMany:
      return {429, "Too Many Requests"};
    case ErrorKind::kUnavailable:
      return {503, "Service Unavailable"};
  }
  return {500, "Internal Server Error"};
}

}  // namespace

http::ApiError ToApiError(const services::ServiceError& error) {
  const auto [status, title] = StatusOf(error.kind());
  http::ApiError api_error(status, error.code(), title, error.what());
  if (!error.field().empty()) api_error.WithFieldError(error.field(), error.what());
  if (error.retry_after_seconds() > 0) {
    api_error.WithHeader("Retry-After", std::to_string(error.retry_after_seconds()));
  }
  return api_error;
}

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
    case Kind::kRateLimited:
      return http::ApiError(429, "rate_limited", "Too Many Requests", detail)
          .WithHeader("Retry-After", std::to_string(error.retry_after_seconds()));
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

http::ApiError ToApiError(const llm::LlmError& error) {
  using llm::LlmErrorKind;
  switch (error.kind()) {
    case LlmErrorKind::kRateLimited:
    case LlmErrorKind::kUnavailable:
    case LlmErrorKind::kConnection:
    case LlmErrorKind::kCircuitOpen:
      return http::ApiError(503, "llm_unavailable", "Service Unavailable", error.what())
          .WithHeader("Retry-After", "30");
    case LlmErrorKind::kTimeout:
      return http::ApiError(504, "llm_timeout", "Gateway Timeout", error.what());
    case LlmErrorKind::kCancelled:
      return http::ApiError(503, "llm_cancelled", "Service Unavailable", error.what());
    case LlmErrorKind::kAuthentication:
    case LlmErrorKind::kQuota:
    case LlmErrorKind::kBadRequest:
    case LlmErrorKind::kInvalidOutput:
    case LlmErrorKind::kTruncated:
      break;
  }
  return http::ApiError(502, "llm_failed", "Bad Gateway", error.what());
}

http::Middleware DomainErrorMiddleware() {
  return [](http::Request& request, const http::Next& next) -> http::Response {
    try {
      return next(request);
    } catch (const services::ServiceError& error) {
      return http::ProblemResponse(ToApiError(error));
    } catch (const llm::LlmError& error) {
      return http::ProblemResponse(ToApiError(error));
    } catch (const auth::AuthError& error) {
      http::Response response = http::ProblemResponse(ToApiError(error));
      if (error.kind() == auth::AuthErrorKind::kRateLimited && error.rate.limit > 0) {
        AddRateLimitHeaders(response.headers, error.rate_policy, error.rate_window, error.rate);
      }
      return response;
    }
  };
}

http::Middleware DatabaseOutageMiddleware() {
  return [](http::Request& request, const http::Next& next) -> http::Response {
    try {
      return next(request);
    } catch (const store::sql::Error& error) {
      // Unreachable or busy (PostgreSQL restarting, a lock or the pool timing out): try again
      // later, or elsewhere (nginx fails a GET over on 503). Anything else is a bug: a 500.
      if (error.kind() != store::sql::Error::Kind::kUnavailable &&
          error.kind() != store::sql::Error::Kind::kBusy) {
        throw;
      }
      spdlog::error("database unavailable: {}", error.what());
      return http::ProblemResponse(
          http::ApiError(503, "database_unavailable", "Service Unavailable",
                         "The database is busy or unreachable; try again in a few seconds.")
              .WithHeader("Retry-After", "5"));
    }
  };
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
