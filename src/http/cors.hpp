#pragma once

#include <string>
#include <vector>

#include "http/middleware.hpp"

namespace http {

// CORS for an allow-list of origins: an allowed Origin is echoed with credentials and
// `Vary: Origin`; preflights are answered before authentication; any other origin (and "null")
// gets no CORS headers at all, so the browser blocks the response.
Middleware CorsMiddleware(std::vector<std::string> allowed_origins);

}  // namespace http
