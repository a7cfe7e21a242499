#include "json/bounded_parse.hpp"

#include <string>
#include <unordered_set>
#include <vector>

namespace json {
namespace {

using Json = nlohmann::json;

// Thrown from the parser callback to stop the parse at once; never leaves this file.
struct StopParse {
  ParseFailure failure;
};

}  // namespace

ParseResult ParseBounded(std::string_view text, const ParseOptions& options) {
  std::vector<std::unordered_set<std::string>> open_objects;
  // nlohmann calls back before it builds each container, with the number of containers
  // already open: stopping there means nothing deeper than the limit is ever allocated.
  const Json::parser_callback_t guard = [&](int depth, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (depth >= options.max_depth) throw StopParse{ParseFailure::kTooDeep};
        if (options.refuse_duplicate_keys && event == Json::parse_event_t::object_start) {
          open_objects.emplace_back();
        }
        break;
      case Json::parse_event_t::object_end:
        if (options.refuse_duplicate_keys && !open_objects.empty()) open_objects.pop_back();
        break;
      case Json::parse_event_t::key:
        if (options.refuse_duplicate_keys && !open_objects.empty() &&
            !open_objects.back().insert(parsed.get<std::string>()).second) {
          throw StopParse{ParseFailure::kDuplicateKey};
        }
        break;
      default:
        break;
    }
    return true;
  };
  ParseResult result;
  try {
    result.value = Json::parse(text.begin(), text.end(), guard, /*allow_exceptions=*/false);
  } catch (const StopParse& stop) {
    result.value = Json(Json::value_t::discarded);
    result.failure = stop.failure;
    return result;
  }
  if (result.value.is_discarded()) result.failure = ParseFailure::kSyntax;
  return result;
}

std::string Describe(ParseFailure failure, const ParseOptions& options) {
  switch (failure) {
    case ParseFailure::kNone:
      return "it is valid";
    case ParseFailure::kSyntax:
      return "it is not valid JSON";
    case ParseFailure::kTooDeep:
      return "it nests deeper than " + std::to_string(options.max_depth) + " levels";
    case ParseFailure::kDuplicateKey:
      return "an object repeats a key";
  }
  return "it cannot be read";
}

nlohmann::json ParseOrNull(std::string_view text) {
  ParseResult result = ParseBounded(text);
  return result.ok() ? std::move(result.value) : nlohmann::json(nullptr);
}

}  // namespace json
