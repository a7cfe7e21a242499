#include "http/security_headers.hpp"

namespace http {
namespace {

void SetIfAbsent(Response& response, std::string_view name, std::string_view value) {
  if (!response.headers.Contains(name)) response.headers.Set(name, value);
}

}  // namespace

void ApplySecurityHeaders(Response& response, const SecurityHeaderOptions& options) {
  SetIfAbsent(response, "X-Content-Type-Options", "nosniff");
  SetIfAbsent(response, "Referrer-Policy", "no-referrer");
  SetIfAbsent(response, "Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'");
  SetIfAbsent(response, "X-Frame-Options", "DENY");
  SetIfAbsent(response, "Cross-Origin-Opener-Policy", "same-origin");
  SetIfAbsent(response, "Cross-Origin-Resource-Policy", "same-origin");
  // API answers carry user data: no shared or browser cache keeps them unless a handler says so.
  SetIfAbsent(response, "Cache-Control", "no-store");
  if (options.hsts) {
    SetIfAbsent(response, "Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  }
}

}  // namespace http
