#pragma once

#include <chrono>
#include <string_view>

#include "auth/auth_service.hpp"
#include "auth/rate_limiter.hpp"
#include "http/api_error.hpp"
#include "http/middleware.hpp"
#include "llm/llm_error.hpp"
#include "services/service_error.hpp"
#include "store/sql/sql.hpp"

namespace api {

// The one place the service's domain errors become HTTP answers: status, stable code and the
// headers they need. Handlers just let these errors through.
http::ApiError ToApiError(const services::ServiceError& error);
http::ApiError ToApiError(const auth::AuthError& error);
http::ApiError ToApiError(const llm::LlmError& error);

// Catches the domain errors of everything after it in the chain and answers with ToApiError
// (plus, for an auth rate limit, its RateLimit headers). Sits last, just before the handler, so
// the middlewares before it (CORS) still see the answer.
// Outermost but for the client address and CORS: a database that is down or busy (checked by
// authentication too) is a 503 with Retry-After, whatever the route.
http::Middleware DatabaseOutageMiddleware();

http::Middleware DomainErrorMiddleware();

// RateLimit-Policy / RateLimit (draft-ietf-httpapi-ratelimit-headers) for a limiter decision.
void AddRateLimitHeaders(http::Headers& headers, std::string_view policy,
                         std::chrono::seconds window, const auth::RateDecision& decision);

}  // namespace api
