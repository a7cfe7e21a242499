#pragma once

#include "http/response.hpp"

namespace http {

struct SecurityHeaderOptions {
  // Strict-Transport-Security; only when the service is reached over HTTPS (production).
  bool hsts = false;
};

// Adds the headers every response carries, error responses included. A header the handler set
// itself (a static file's Cache-Control, say) is kept.
void ApplySecurityHeaders(Response& response, const SecurityHeaderOptions& options);

}  // namespace http
