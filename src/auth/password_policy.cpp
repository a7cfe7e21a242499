#include "auth/password_policy.hpp"

#include <string>
#include <unordered_set>

namespace auth {

// Generated at build time from src/auth/common_passwords.txt (see
// scripts/build-common-passwords): one lower-case password per line.
extern const std::string_view kCommonPasswordList;

namespace {

const std::unordered_set<std::string_view>& CommonPasswords() {
  static const auto* set = [] {
    auto* words = new std::unordered_set<std::string_view>();
    std::string_view rest = kCommonPasswordList;
    while (!rest.empty()) {
      const auto newline = rest.find('\n');
      const auto word = rest.substr(0, newline);
      if (!word.empty()) words->insert(word);
      if (newline == std::string_view::npos) break;
      rest.remove_prefix(newline + 1);
    }
    return words;
  }();
  return *set;
}

std::string Lower(std::string_view text) {
  std::string lower(text);
  for (auto& c : lower) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return lower;
}

}  // namespace

std::size_t CountPasswordCharacters(std::string_view password) {
  std::size_t count = 0;
  bool previous_space = false;
  for (unsigned char c : password) {
    if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
    const bool space = c == ' ';
    if (!(space && previous_space)) ++count;
    previous_space = space;
  }
  return count;
}

bool IsCommonPassword(std::string_view password) {
  return CommonPasswords().contains(Lower(password));
}

std::optional<std::string> CheckPassword(std::string_view password, std::string_view username,
                                         std::string_view email, const PasswordRules& rules) {
  const std::size_t characters = CountPasswordCharacters(password);
  if (characters < rules.min_characters) {
    return "The password must have at least " + std::to_string(rules.min_characters) +
           " characters; a phrase of several words is easy to remember.";
  }
  if (characters > rules.max_characters) {
    return "The password must have at most " + std::to_string(rules.max_characters) +
           " characters.";
  }
  if (password.find('\0') != std::string_view::npos) {
    return "The password must not contain a NUL character.";
  }
  const std::string lower = Lower(password);
  if ((!username.empty() && lower == Lower(username)) ||
      (!email.empty() && lower == Lower(email))) {
    return "The password must differ from the user name and e-mail address.";
  }
  if (IsCommonPassword(password)) {
    return "This password is on a list of commonly used passwords; choose another.";
  }
  return std::nullopt;
}

}  // namespace auth
