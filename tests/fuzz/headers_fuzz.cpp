// Header fields and cookies: the input is a header block ("Name: value" per line) as the server
// hands it over. Lookups are case-insensitive and find the first field; Set and Remove touch only
// their name; the Cookie header reader returns only what a client sent, and a cookie the service
// sets (Set-Cookie) reads back from the Cookie header a browser then sends.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "http/cookies.hpp"
#include "http/headers.hpp"

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

http::Headers ParseBlock(std::string_view block) {
  http::Headers headers;
  while (!block.empty()) {
    const auto newline = block.find('\n');
    const std::string_view line = block.substr(0, newline);
    block = newline == std::string_view::npos ? std::string_view{} : block.substr(newline + 1);
    const auto colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    const std::string_view value =
        colon == std::string_view::npos ? std::string_view{} : TrimSpaces(line.substr(colon + 1));
    headers.Add(name, value);
  }
  return headers;
}

// Characters of the values the service sets (base64url and hex tokens).
bool CookieSafe(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

void CheckLookups(const http::Headers& headers) {
  // The first value of each name, at most kNames of them: every lookup walks the whole list.
  constexpr std::size_t kNames = 64;
  std::map<std::string, std::string_view> first_values;
  for (const http::HeaderField& field : headers.fields()) {
    if (first_values.size() == kNames) break;
    first_values.try_emplace(Lower(field.name), field.value);
  }
  for (const auto& [name, value] : first_values) {
    fuzz::Require(headers.Find(name) == value, "a lookup finds the first field of that name");
  }
  for (const http::HeaderField& field : headers.fields()) {
    const std::string lower = Lower(field.name);
    fuzz::Require(
        http::EqualsIgnoreCase(field.name, lower) && http::EqualsIgnoreCase(lower, field.name),
        "names compare equal to their lower case, both ways");
  }
}

void CheckSetAndRemove(http::Headers headers, std::string_view name, std::string_view value) {
  std::vector<http::HeaderField> others;
  for (const http::HeaderField& field : headers.fields()) {
    if (Lower(field.name) != Lower(name)) others.push_back(field);
  }
  headers.Set(name, value);
  fuzz::Require(headers.Find(name) == value, "Set then Find gives the value set");
  std::size_t named = 0;
  for (const http::HeaderField& field : headers.fields()) {
    if (http::EqualsIgnoreCase(field.name, name)) ++named;
  }
  fuzz::Require(named == 1, "Set leaves one field of its name");
  headers.Remove(name);
  fuzz::Require(!headers.Contains(name), "Remove leaves no field of its name");
  fuzz::Require(headers.fields().size() == others.size(), "Set and Remove keep other fields");
  for (std::size_t i = 0; i < others.size(); ++i) {
    fuzz::Require(
        headers.fields()[i].name == others[i].name && headers.fields()[i].value == others[i].value,
        "Set and Remove keep other fields in order");
  }
}

void CheckCookies(const http::Headers& headers) {
  std::set<std::string> names = {"access_token", "__Secure-refresh_token", "__Host-csrf_token"};
  std::string cookie_headers;
  for (const http::HeaderField& field : headers.fields()) {
    if (!http::EqualsIgnoreCase(field.name, "Cookie")) continue;
    cookie_headers += field.value;
    cookie_headers += '\n';
    std::string_view rest = field.value;
    while (!rest.empty()) {
      const auto semicolon = rest.find(';');
      const std::string_view pair = TrimSpaces(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view{} : rest.substr(semicolon + 1);
      names.insert(std::string(pair.substr(0, pair.find('='))));
    }
  }
  for (const std::string& name : names) {
    const std::optional<std::string> value = http::FindCookie(headers, name);
    if (!value) continue;
    fuzz::Require(value->find(';') == std::string::npos, "a cookie value holds no ';'");
    fuzz::Require(cookie_headers.find(*value) != std::string::npos,
                  "a cookie value is part of a Cookie header the client sent");
  }
}

// A cookie the service sets, sent back by a browser between two others, reads back unchanged.
void CheckSetCookieRoundTrip(std::string_view input) {
  std::string value;
  for (const char c : input) {
    if (CookieSafe(c)) value += c;
  }
  for (const char* name : {"access_token", "__Host-csrf_token"}) {
    const std::string set_cookie = http::SetCookieValue(name, value, {});
    const std::string sent =
        "theme=dark; " + set_cookie.substr(0, set_cookie.find(';')) + "; " + name + "=second";
    http::Headers headers;
    headers.Add("cookie", sent);
    fuzz::Require(http::FindCookie(headers, name) == value, "a cookie we set reads back");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const http::Headers headers = ParseBlock(input);
  CheckLookups(headers);
  CheckCookies(headers);
  if (!headers.empty()) {
    const http::HeaderField& last = headers.fields().back();
    CheckSetAndRemove(headers, Lower(last.name), last.value);
  }
  CheckSetAndRemove(headers, "Set-Cookie", "a=b");
  CheckSetCookieRoundTrip(input);
  return 0;
}
