#pragma once

#include <vector>

#include "http/headers.hpp"

namespace http {

struct SecurityHeaderOptions {
  // Strict-Transport-Security; only when the service is reached over HTTPS (production).
  bool hsts = false;
};

// The headers every response carries, error responses included: nosniff, no referrer, a CSP
// that forbids framing, and no caching of API answers. A header a handler set itself (a static
// file's Cache-Control, say) takes precedence over the default of the same name.
std::vector<HeaderField> SecurityHeaders(const SecurityHeaderOptions& options);

}  // namespace http
