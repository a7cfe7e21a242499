#include "llm/json_extraction.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "json/bounded_parse.hpp"

namespace llm {
namespace {

using Json = nlohmann::json;

// Deeper spans are skipped whole: the shared limit on any JSON from outside.
constexpr std::size_t kMaxNestingDepth = json::kMaxDepth;
// Each parse or rescan costs at most one pass over the text, so these bound the work linearly.
constexpr int kMaxCandidates = 64;  // parses of fenced blocks and spans
constexpr int kMaxRescans = 8;      // restarts after a candidate that never closes
constexpr std::string_view kFence = "```";

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

// `text` as exactly one JSON value, or nullopt. An object with a repeated key is refused: the
// parser would keep only the last value, silently dropping what the model also said.
std::optional<Json> ParseExact(std::string_view text) {
  if (text.empty()) return std::nullopt;
  json::ParseResult parsed = json::ParseBounded(text, {.refuse_duplicate_keys = true});
  if (!parsed.ok()) return std::nullopt;
  return std::move(parsed.value);
}

bool IsFenceTagChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+' || c == '.';
}

bool IsJsonTag(std::string_view tag) {
  if (tag.empty()) return true;
  if (tag.size() != 4) return false;
  std::string lower(tag);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return lower == "json";
}

// The first ```json or bare ``` block whose content parses. The tag is the run of name
// characters right after the opening fence, so "```json\n{...}\n```" and "```json{...}```" both
// work; a block with another tag is skipped whole, closing fence included.
std::optional<Json> FirstFencedBlock(std::string_view text, int& candidates_left) {
  std::size_t position = 0;
  while (candidates_left > 0) {
    const std::size_t open = text.find(kFence, position);
    if (open == std::string_view::npos) break;
    const std::size_t tag_begin = open + kFence.size();
    std::size_t tag_end = tag_begin;
    while (tag_end < text.size() && IsFenceTagChar(text[tag_end])) ++tag_end;
    const std::size_t close = text.find(kFence, tag_end);
    if (close == std::string_view::npos) break;
    if (IsJsonTag(text.substr(tag_begin, tag_end - tag_begin))) {
      --candidates_left;
      if (auto value = ParseExact(Trim(text.substr(tag_end, close - tag_end)))) return value;
    }
    position = close + kFence.size();
  }
  return std::nullopt;
}

// Finds balanced {...} / [...] spans in one left-to-right pass. Outside a candidate, quotes are
// prose and ignored; inside one, JSON strings are tracked so their brackets do not count. When a
// candidate closes, it and the spans nested in it are parsed, leftmost first. When it cannot
// close (a mismatched bracket or the end of the text), its nested spans are parsed and the scan
// restarts just after its opening bracket, as a stray quote may have put the scan in the wrong
// string state.
class SpanScanner {
 public:
  SpanScanner(std::string_view text, int& candidates_left)
      : text_(text), candidates_left_(candidates_left) {}

  std::optional<Json> FirstParsingSpan() {
    std::size_t position = 0;
    while (candidates_left_ > 0 && !stopped_) {
      if (position >= text_.size()) {
        if (open_.empty()) return std::nullopt;
        if (auto value = Abandon(position)) return value;
        continue;
      }
      const char c = text_[position];
      if (open_.empty()) {
        if (c == '{' || c == '[') Open(c, position);
        ++position;
        continue;
      }
      if (in_string_) {
        if (escaped_) {
          escaped_ = false;
        } else if (c == '\\') {
          escaped_ = true;
        } else if (c == '"') {
          in_string_ = false;
        }
        ++position;
        continue;
      }
      if (c == '"') {
        in_string_ = true;
      } else if (c == '{' || c == '[') {
        if (open_.size() == kMaxNestingDepth) {
          // Too deep to parse: skip the whole region, nested spans included.
          position = EndOfRegion(open_.front().second);
          open_.clear();
          if (position == std::string_view::npos) return std::nullopt;
          continue;
        }
        Open(c, position);
      } else if (c == '}' || c == ']') {
        if (c != open_.back().first) {
          if (auto value = Abandon(position)) return value;
          continue;
        }
        closed_.push_back({open_.back().second, position + 1});
        open_.pop_back();
        if (open_.empty()) {
          if (auto value = TryClosedSpans()) return value;
        }
      }
      ++position;
    }
    return std::nullopt;
  }

 private:
  struct Span {
    std::size_t begin;
    std::size_t end;  // one past the closing bracket
    bool operator==(const Span&) const = default;
  };

  void Open(char bracket, std::size_t position) {
    if (open_.empty()) {
      closed_.clear();
      in_string_ = false;
      escaped_ = false;
    }
    open_.emplace_back(bracket == '{' ? '}' : ']', position);
  }

  // Gives up on the current candidate; `position` moves to just after its opening bracket.
  std::optional<Json> Abandon(std::size_t& position) {
    if (auto value = TryClosedSpans()) return value;
    position = open_.front().second + 1;
    open_.clear();
    stopped_ = rescans_left_-- == 0;
    return std::nullopt;
  }

  std::optional<Json> TryClosedSpans() {
    std::sort(closed_.begin(), closed_.end(),
              [](const Span& a, const Span& b) { return a.begin < b.begin; });
    for (const Span& span : closed_) {
      if (candidates_left_ <= 0) break;
      // A restart finds the spans nested in an abandoned candidate again.
      if (std::find(tried_.begin(), tried_.end(), span) != tried_.end()) continue;
      tried_.push_back(span);
      --candidates_left_;
      if (auto value = ParseExact(text_.substr(span.begin, span.end - span.begin))) return value;
    }
    closed_.clear();
    return std::nullopt;
  }

  // One past the bracket that closes the one at `begin`, counting brackets of either kind; npos
  // when it never closes.
  std::size_t EndOfRegion(std::size_t begin) const {
    std::size_t depth = 0;
    bool in_string = false;
    bool escaped = false;
    for (std::size_t i = begin; i < text_.size(); ++i) {
      const char c = text_[i];
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '{' || c == '[') {
        ++depth;
      } else if ((c == '}' || c == ']') && --depth == 0) {
        return i + 1;
      }
    }
    return std::string_view::npos;
  }

  std::string_view text_;
  int& candidates_left_;
  int rescans_left_ = kMaxRescans;
  bool stopped_ = false;
  std::vector<std::pair<char, std::size_t>> open_;  // expected closer, position of the opener
  std::vector<Span> closed_;                        // balanced spans of the current candidate
  std::vector<Span> tried_;
  bool in_string_ = false;
  bool escaped_ = false;
};

}  // namespace

std::optional<ExtractedJson> ExtractJson(std::string_view text) {
  if (auto value = ParseExact(Trim(text))) {
    return ExtractedJson{std::move(*value), JsonSource::kWhole};
  }
  int candidates_left = kMaxCandidates;
  if (auto value = FirstFencedBlock(text, candidates_left)) {
    return ExtractedJson{std::move(*value), JsonSource::kFencedBlock};
  }
  if (auto value = SpanScanner(text, candidates_left).FirstParsingSpan()) {
    return ExtractedJson{std::move(*value), JsonSource::kEmbedded};
  }
  return std::nullopt;
}

}  // namespace llm
