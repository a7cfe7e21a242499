#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auth {

// OWASP ASVS V2.1: at least 12 characters (runs of spaces count once), at most 128, any
// characters, no composition rules, and not a common password.
struct PasswordRules {
  std::size_t min_characters = 12;
  std::size_t max_characters = 128;
};

// Why `password` is refused, as a sentence for the user; nullopt when it is acceptable.
// `username` and `email` are refused as passwords too.
std::optional<std::string> CheckPassword(std::string_view password, std::string_view username,
                                         std::string_view email, const PasswordRules& rules = {});

// Whether the password (without regard to case) is on the shipped list of common passwords.
bool IsCommonPassword(std::string_view password);

// Characters (UTF-8 code points) with runs of spaces counted once.
std::size_t CountPasswordCharacters(std::string_view password);

}  // namespace auth
