#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace json {

// How deep any JSON from outside (request bodies, provider replies, tokens, tracker replies) may
// nest. Every document the service reads is a few levels deep; the limit exists because code
// that walks a value (dump, merge_patch, comparisons) recurses once per level, so an unbounded
// depth is a stack overflow waiting for one request.
inline constexpr int kMaxDepth = 64;

struct ParseOptions {
  int max_depth = kMaxDepth;
  // Refuse an object that repeats a key: the parser would keep only the last value, silently
  // dropping the rest (what a model's reply says must not vanish).
  bool refuse_duplicate_keys = false;
};

enum class ParseFailure { kNone, kSyntax, kTooDeep, kDuplicateKey };

struct ParseResult {
  nlohmann::json value;  // discarded unless failure == kNone
  ParseFailure failure = ParseFailure::kNone;
  bool ok() const { return failure == ParseFailure::kNone; }
};

// Parses exactly one JSON value. Nesting is counted while parsing: the parse stops at the first
// container past options.max_depth, so no deeper value is ever built. Never throws for bad input.
ParseResult ParseBounded(std::string_view text, const ParseOptions& options = {});

// The parsed value, or null when the text is not JSON within the default limits: for documents
// this service wrote itself or where a bad one simply counts as missing.
nlohmann::json ParseOrNull(std::string_view text);

// A short English description of a failure for error messages, e.g. "it nests deeper than 64
// levels".
std::string Describe(ParseFailure failure, const ParseOptions& options = {});

}  // namespace json
