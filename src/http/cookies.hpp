#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/headers.hpp"

namespace http {

// The value of cookie `name` in the request's Cookie header(s), if sent.
std::optional<std::string> FindCookie(const Headers& headers, std::string_view name);

struct CookieAttributes {
  std::string path = "/";
  long long max_age_seconds = -1;  // -1: a session cookie; 0: delete it now
  bool http_only = true;
  bool secure = false;
  std::string same_site = "Lax";
};

// A Set-Cookie header value. `value` must be cookie-safe (we only set base64url and hex).
std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieAttributes& attributes);

}  // namespace http
