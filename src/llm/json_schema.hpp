#pragma once

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace llm {

// One way a value fails its schema.
struct SchemaViolation {
  std::string path;     // JSON-path-like location, e.g. "$.stories[2].acceptance_criteria"
  std::string message;  // plain English, e.g. "expected at least 3 items, got 1"
};

// A JSON schema of the subset the agents write (agents/strict_schema.hpp, which is also what
// OpenAI's strict structured output accepts), checked once when compiled:
//   every schema   "type": one of object, array, string, integer, number, boolean (required);
//                  "description" (ignored)
//   object         "properties" (required), "required" (names of those properties),
//                  "additionalProperties": false
//   array          "items" (required), "minItems", "maxItems"
//   string         "enum" of strings
//   integer/number "enum" of numbers, "minimum", "maximum" (inclusive)
// "integer" accepts whole numbers, 3.0 included, as the standard says; numbers compare by value
// (5 == 5.0). Anything else (another keyword, a keyword on a type it does not apply to, a
// malformed value) is refused at compile time: a schema we cannot check completely would pass
// replies unchecked, so it is a programming error, not a reply problem.
class JsonSchema {
 public:
  // Throws std::invalid_argument naming the schema location (a JSON pointer such as
  // "#/properties/stories/items") and the problem.
  static JsonSchema Compile(const nlohmann::json& schema);

  // The ways `value` fails the schema, in schema order; stops after `max_violations` (0 counts
  // as 1, so an invalid value always yields one). Empty when the value is valid.
  std::vector<SchemaViolation> Validate(const nlohmann::json& value,
                                        std::size_t max_violations = 20) const;

  struct Node;  // the compiled form, defined in json_schema.cpp

 private:
  explicit JsonSchema(std::shared_ptr<const Node> root) : root_(std::move(root)) {}

  std::shared_ptr<const Node> root_;
};

// One line per violation, "PATH: MESSAGE", joined by '\n' (no trailing newline), for logs and for
// the repair prompt sent back to the model.
std::string DescribeViolations(const std::vector<SchemaViolation>& violations);

}  // namespace llm
