#pragma once

#include <string_view>

#include "auth/auth_service.hpp"
#include "auth/rate_limiter.hpp"
#include "http/api_error.hpp"
#include "http/response.hpp"

namespace api {

// The one mapping from the auth service's errors to HTTP answers.
http::ApiError ToApiError(const auth::AuthError& error);

// RateLimit-Policy / RateLimit (draft-ietf-httpapi-ratelimit-headers) for a limiter decision.
void AddRateLimitHeaders(http::Headers& headers, std::string_view policy,
                         std::chrono::seconds window, const auth::RateDecision& decision);

}  // namespace api
