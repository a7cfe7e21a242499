#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace llm {

// One way a value fails its schema.
struct SchemaViolation {
  std::string path;     // JSON-path-like location, e.g. "$.stories[2].acceptance_criteria"
  std::string message;  // plain English, e.g. "expected at least 3 items, got 1"
};

// Validates `value` against the JSON Schema subset our agents use (draft 2020-12 keywords):
// type (a string or an array of type names; "integer" accepts whole numbers only, 3.0 included as
// the standard says; "number" accepts integers too; "null"), properties, required,
// additionalProperties (false or a schema), items (schema), minItems, maxItems, uniqueItems, enum,
// const, minimum, maximum, exclusiveMinimum, exclusiveMaximum, multipleOf, minLength, maxLength
// (in Unicode code points, not bytes), pattern (ECMAScript, searched like JSON Schema does, not
// anchored), $ref to "#/$defs/NAME", "#/definitions/NAME" or "#" (resolved against the root
// schema), anyOf, oneOf, allOf, not, and true/false schemas. Numbers compare by value (1 == 1.0).
// Unknown keywords (title, description, $schema, default, format, ...) are ignored.
//
// Never passes what it cannot check: a malformed schema or an unresolvable $ref is reported as a
// "schema error: ..." violation. A $ref that comes back to the same schema for the same value (a
// reference cycle) ends in a violation, as do more than 512 nested levels and more than 250,000
// steps (schema applications plus uniqueItems comparisons, e.g. anyOf over recursive $refs).
// Strings longer than 1024 code points under a `pattern` are reported rather than matched, as
// libstdc++'s std::regex recurses once per character and would overflow the stack.
//
// Stops after `max_violations` (0 counts as 1, so an invalid value always yields one).
std::vector<SchemaViolation> ValidateJson(const nlohmann::json& value, const nlohmann::json& schema,
                                          std::size_t max_violations = 20);

// One line per violation, "PATH: MESSAGE", joined by '\n' (no trailing newline), for logs and for
// the repair prompt sent back to the model.
std::string DescribeViolations(const std::vector<SchemaViolation>& violations);

// Throws std::invalid_argument, naming the schema location (a JSON pointer such as
// "#/properties/stories/items"), when a schema uses a keyword or shape this validator cannot check
// faithfully: $ref to a remote or unsupported location, patternProperties, dependentSchemas,
// if/then/else, unevaluatedProperties, prefixItems, items as an array, an invalid pattern, a
// malformed keyword value, or any keyword that is neither supported nor a known annotation (a
// typo such as "minitems" would otherwise pass unchecked). Annotations accepted: title,
// description, $schema, $comment, $id (root only), default, examples, format, deprecated,
// readOnly, writeOnly, contentEncoding, contentMediaType, and any keyword starting with "x-".
// Meant for each agent's own unit test, so a schema that would silently pass unchecked is caught.
void CheckSchemaSupported(const nlohmann::json& schema);

}  // namespace llm
