#pragma once

// Plain-text helpers shared by the quality rules and the exporters. Character classes and case
// folding are ASCII only on purpose: item text is UTF-8, and a byte of a multi-byte character is
// kept as it is and counts as part of a word, so non-Latin words stay whole.

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace backlog::text {

constexpr bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || IsUpper(c); }
constexpr char Lower(char c) { return IsUpper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool IsWordChar(char c) {
  return IsAlpha(c) || IsDigit(c) || static_cast<unsigned char>(c) >= 0x80;
}

std::string_view Trim(std::string_view text);
bool IsBlank(std::string_view text);
std::string ToLower(std::string_view text);

// Characters (UTF-8 code points) in `text`.
int CountCharacters(std::string_view text);

// Lowercase words made of letters, digits, apostrophes, slashes, ampersands and hyphens, split on
// everything else; for where "and/or" and "&" must survive as tokens.
std::vector<std::string> Tokens(std::string_view text);
// Lowercase alphanumeric words only.
std::vector<std::string> Words(std::string_view text);

// Position of `phrase` in `lower` at or after `from`, at word boundaries; npos when absent.
std::size_t FindPhrase(std::string_view lower, std::string_view phrase, std::size_t from);

// Jaccard similarity (0-1) of two sorted lists of unique words; 0 when either is empty. Sorted so
// the intersection is one linear merge.
double Jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b);

template <typename Range, typename Value>
bool Contains(const Range& range, const Value& value) {
  return std::find(range.begin(), range.end(), value) != range.end();
}

template <typename Range>
std::string Join(const Range& range, std::string_view separator) {
  std::string out;
  for (const auto& item : range) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace backlog::text
