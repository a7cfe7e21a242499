#include "backlog/text.hpp"

namespace backlog::text {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

bool IsBlank(std::string_view text) { return Trim(text).empty(); }

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

int CountCharacters(std::string_view text) {
  int count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++count;
  }
  return count;
}

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> tokens;
  std::string current;
  for (const char c : text) {
    if (IsWordChar(c) || c == '\'' || c == '/' || c == '&' || c == '-') {
      current += Lower(c);
    } else if (!current.empty()) {
      tokens.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) tokens.push_back(std::move(current));
  return tokens;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (const char c : text) {
    if (IsWordChar(c)) {
      current += Lower(c);
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::size_t FindPhrase(std::string_view lower, std::string_view phrase, std::size_t from) {
  for (std::size_t at = lower.find(phrase, from); at != std::string_view::npos;
       at = lower.find(phrase, at + 1)) {
    const bool starts = at == 0 || !IsWordChar(lower[at - 1]);
    const std::size_t end = at + phrase.size();
    const bool ends = end == lower.size() || !IsWordChar(lower[end]);
    if (starts && ends) return at;
  }
  return std::string_view::npos;
}

double Jaccard(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0;
  std::size_t common = 0;
  for (auto left = a.begin(), right = b.begin(); left != a.end() && right != b.end();) {
    if (*left < *right) {
      ++left;
    } else if (*right < *left) {
      ++right;
    } else {
      ++common;
      ++left;
      ++right;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace backlog::text
