#include "http/cookies.hpp"

namespace http {

std::optional<std::string> FindCookie(const Headers& headers, std::string_view name) {
  for (const auto& field : headers.fields()) {
    if (!EqualsIgnoreCase(field.name, "Cookie")) continue;
    std::string_view rest = field.value;
    while (!rest.empty()) {
      const auto semicolon = rest.find(';');
      std::string_view pair = rest.substr(0, semicolon);
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const auto equals = pair.find('=');
      if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
      std::string_view value = pair.substr(equals + 1);
      while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::string SetCookieValue(std::string_view name, std::string_view value,
                           const CookieAttributes& attributes) {
  std::string cookie;
  cookie.append(name).append("=").append(value);
  cookie.append("; Path=").append(attributes.path);
  if (attributes.max_age_seconds >= 0) {
    cookie.append("; Max-Age=").append(std::to_string(attributes.max_age_seconds));
  }
  if (attributes.http_only) cookie.append("; HttpOnly");
  if (attributes.secure) cookie.append("; Secure");
  if (!attributes.same_site.empty()) cookie.append("; SameSite=").append(attributes.same_site);
  return cookie;
}

}  // namespace http
