#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

namespace llm {

// Where in a model reply the JSON was found.
enum class JsonSource {
  kWhole,        // the whole reply, after trimming whitespace
  kFencedBlock,  // a ```json or bare ``` fenced block
  kEmbedded,     // a balanced {...} or [...] span inside prose
};

struct ExtractedJson {
  nlohmann::json value;
  JsonSource source;
};

// The JSON a model reply carries, tried in this order:
// 1. the whole text (after trimming whitespace) when it parses; any JSON value, scalars included;
// 2. else the first ```json (tag case-insensitive) or bare ``` fenced block whose content parses;
//    blocks tagged with another language are skipped;
// 3. else the first balanced {...} or [...] span that parses, scanning from the left with
//    awareness of JSON strings and escapes (a brace inside a string does not count). When a span
//    does not parse, the spans nested in it are tried, leftmost first. There is no preference
//    between objects and arrays: "see [1]. {...}" yields [1].
// nullopt when nothing parses.
//
// Values are never rewritten: no trailing-comma fixing, no quote repair, no comments, nothing
// invented; an object with a duplicate key is refused rather than silently keeping one value.
// Hostile input is bounded: text nesting deeper than 256 levels is never parsed (a bracket region
// that deep is skipped whole, and if it never closes nothing after it is searched); at most 64
// candidates (fenced blocks and spans) are parsed and the text is rescanned at most 8 times after
// a bracket that never closes, so the work stays linear in the text's length.
std::optional<ExtractedJson> ExtractJson(std::string_view text);

}  // namespace llm
