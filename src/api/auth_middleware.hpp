#pragma once

#include <optional>
#include <string>

#include "api/services.hpp"
#include "http/middleware.hpp"

namespace api {

// Who is calling: a bearer token, else the access-token cookie. Enforces each route's Access
// rule (401 without a valid token, 403 for a non-admin on an admin route) and, for
// cookie-authenticated requests that change state, the CSRF token in X-CSRF-Token.
http::Middleware AuthenticationMiddleware(const Services& services);

// The general limit per signed-in user (else per client IP) on every route that does not opt
// out; 429 with Retry-After and RateLimit headers.
http::Middleware ApiRateLimitMiddleware(const Services& services);

// The access token the request presents: the bearer token, else the access-token cookie.
std::optional<std::string> PresentedAccessToken(const http::Request& request,
                                                const Services& services);

}  // namespace api
