#include "http/security_headers.hpp"

namespace http {

std::vector<HeaderField> SecurityHeaders(const SecurityHeaderOptions& options) {
  std::vector<HeaderField> headers = {
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"Cross-Origin-Opener-Policy", "same-origin"},
      {"Cross-Origin-Resource-Policy", "same-origin"},
      // API answers carry user data: no shared or browser cache keeps them unless a handler
      // says otherwise.
      {"Cache-Control", "no-store"},
  };
  if (options.hsts) {
    headers.push_back({"Strict-Transport-Security", "max-age=63072000; includeSubDomains"});
  }
  return headers;
}

}  // namespace http
