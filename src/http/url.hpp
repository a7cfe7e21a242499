#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace http {

// Decodes %XX escapes. With `plus_as_space` (query strings) '+' becomes ' '. Returns nullopt for
// a malformed escape or an encoded NUL, which no legitimate path or parameter contains.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_as_space = false);

// The decoded value of the first `name=value` pair in a raw query string.
std::optional<std::string> FindQueryParam(std::string_view query, std::string_view name);

}  // namespace http
