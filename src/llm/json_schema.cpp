#include "llm/json_schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace llm {

using Json = nlohmann::json;

struct JsonSchema::Node {
  enum class Type { kObject, kArray, kString, kInteger, kNumber, kBoolean };

  Type type = Type::kObject;
  // Objects.
  // In the schema's (sorted) order. Pointers: a pair holding the type being defined would need
  // it complete (clang refuses what g++ lets through).
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> properties;
  std::vector<std::string> required;
  bool additional_properties = true;
  // Arrays.
  std::unique_ptr<Node> items;
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> max_items;
  // Strings and numbers.
  std::optional<Json> allowed;  // "enum", an array
  std::optional<Json> minimum;
  std::optional<Json> maximum;
};

namespace {

using Node = JsonSchema::Node;
using Type = Node::Type;

constexpr std::array<std::pair<std::string_view, Type>, 6> kTypeNames = {{
    {"object", Type::kObject},
    {"array", Type::kArray},
    {"string", Type::kString},
    {"integer", Type::kInteger},
    {"number", Type::kNumber},
    {"boolean", Type::kBoolean},
}};

// Values quoted in messages are cut here so a huge reply does not flood logs and prompts.
constexpr std::size_t kMaxQuotedBytes = 120;

std::string_view NameOf(Type type) {
  for (const auto& [name, candidate] : kTypeNames) {
    if (candidate == type) return name;
  }
  return "object";
}

// --- Text helpers ---

std::string Truncate(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  text.resize(cut);
  return text + "...";
}

std::string Dump(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// Compact JSON for messages, e.g. "urgent" with its quotes, or ["High","Low"].
std::string Quote(const Json& value) { return Truncate(Dump(value), kMaxQuotedBytes); }

bool IsIdentifier(std::string_view name) {
  if (name.empty() || (name[0] >= '0' && name[0] <= '9')) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::string PropertyPath(const std::string& path, const std::string& name) {
  if (IsIdentifier(name)) return path + "." + name;
  return path + "[" + Dump(Json(name)) + "]";
}

// A JSON pointer token (RFC 6901), for schema locations.
std::string PointerToken(std::string_view name) {
  std::string token;
  for (char c : name) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

// --- Numbers ---

bool IsWhole(const Json& value) {
  if (value.is_number_integer()) return true;
  if (!value.is_number_float()) return false;
  const double number = value.get<double>();
  return std::isfinite(number) && std::floor(number) == number;
}

bool IsNegativeInteger(const Json& value) {
  return !value.is_number_unsigned() && value.get<std::int64_t>() < 0;
}

std::uint64_t Magnitude(const Json& integer) {
  if (integer.is_number_unsigned()) return integer.get<std::uint64_t>();
  const std::int64_t number = integer.get<std::int64_t>();
  // -(number + 1) cannot overflow, even for INT64_MIN.
  return number < 0 ? static_cast<std::uint64_t>(-(number + 1)) + 1
                    : static_cast<std::uint64_t>(number);
}

// Exact for any two integers (signed or unsigned 64-bit), by double otherwise.
int CompareNumbers(const Json& a, const Json& b) {
  if (a.is_number_integer() && b.is_number_integer()) {
    const bool a_negative = IsNegativeInteger(a);
    const bool b_negative = IsNegativeInteger(b);
    if (a_negative != b_negative) return a_negative ? -1 : 1;
    const std::uint64_t a_magnitude = Magnitude(a);
    const std::uint64_t b_magnitude = Magnitude(b);
    if (a_magnitude == b_magnitude) return 0;
    return (a_magnitude < b_magnitude) != a_negative ? -1 : 1;
  }
  const double x = a.get<double>();
  const double y = b.get<double>();
  return x < y ? -1 : (x > y ? 1 : 0);
}

// Enum members are strings or numbers (the compiler checks): numbers by value (5 == 5.0).
bool SameValue(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return CompareNumbers(a, b) == 0;
  return a == b;
}

std::string TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float:
      return "number";
    default:
      return "invalid";
  }
}

bool HasType(const Json& value, Type type) {
  switch (type) {
    case Type::kObject:
      return value.is_object();
    case Type::kArray:
      return value.is_array();
    case Type::kString:
      return value.is_string();
    case Type::kInteger:
      return IsWhole(value);
    case Type::kNumber:
      return value.is_number();
    case Type::kBoolean:
      return value.is_boolean();
  }
  return false;
}

// --- Compiling ---

[[noreturn]] void Refuse(const std::string& where, const std::string& problem) {
  throw std::invalid_argument("unsupported JSON schema at " + where + ": " + problem);
}

// The keywords each type allows besides "type" and "description".
bool Applies(std::string_view keyword, Type type) {
  switch (type) {
    case Type::kObject:
      return keyword == "properties" || keyword == "required" || keyword == "additionalProperties";
    case Type::kArray:
      return keyword == "items" || keyword == "minItems" || keyword == "maxItems";
    case Type::kString:
      return keyword == "enum";
    case Type::kInteger:
    case Type::kNumber:
      return keyword == "enum" || keyword == "minimum" || keyword == "maximum";
    case Type::kBoolean:
      return false;
  }
  return false;
}

std::size_t ReadCount(const Json& value, const std::string& keyword, const std::string& where) {
  if (!value.is_number_integer() || IsNegativeInteger(value)) {
    Refuse(where, "\"" + keyword + "\" must be a whole number >= 0");
  }
  return static_cast<std::size_t>(Magnitude(value));
}

Node Compile(const Json& schema, const std::string& where);

void CompileObject(const Json& schema, const std::string& where, Node& node) {
  const auto properties = schema.find("properties");
  if (properties == schema.end() || !properties->is_object()) {
    Refuse(where, "an object schema needs \"properties\", an object of schemas");
  }
  for (const auto& [name, property] : properties->items()) {
    node.properties.emplace_back(name, std::make_unique<Node>(Compile(
                                           property, where + "/properties/" + PointerToken(name))));
  }
  if (const auto required = schema.find("required"); required != schema.end()) {
    if (!required->is_array()) Refuse(where, "\"required\" must be an array of property names");
    for (const Json& name : *required) {
      if (!name.is_string() || !properties->contains(name.get<std::string>())) {
        Refuse(where, "\"required\" names " + Quote(name) + ", which is not one of its properties");
      }
      node.required.push_back(name.get<std::string>());
    }
  }
  if (const auto additional = schema.find("additionalProperties"); additional != schema.end()) {
    if (*additional != Json(false)) Refuse(where, "\"additionalProperties\" can only be false");
    node.additional_properties = false;
  }
}

void CompileArray(const Json& schema, const std::string& where, Node& node) {
  const auto items = schema.find("items");
  if (items == schema.end()) Refuse(where, "an array schema needs \"items\"");
  node.items = std::make_unique<Node>(Compile(*items, where + "/items"));
  if (const auto minimum = schema.find("minItems"); minimum != schema.end()) {
    node.min_items = ReadCount(*minimum, "minItems", where);
  }
  if (const auto maximum = schema.find("maxItems"); maximum != schema.end()) {
    node.max_items = ReadCount(*maximum, "maxItems", where);
  }
}

void CompileScalar(const Json& schema, const std::string& where, Node& node) {
  if (const auto allowed = schema.find("enum"); allowed != schema.end()) {
    if (!allowed->is_array() || allowed->empty())
      Refuse(where, "\"enum\" must be a non-empty array");
    for (const Json& member : *allowed) {
      const bool fits = node.type == Type::kString ? member.is_string() : member.is_number();
      if (!fits) {
        Refuse(where,
               "\"enum\" member " + Quote(member) + " is not a " + std::string(NameOf(node.type)));
      }
    }
    node.allowed = *allowed;
  }
  for (const char* keyword : {"minimum", "maximum"}) {
    const auto bound = schema.find(keyword);
    if (bound == schema.end()) continue;
    if (!bound->is_number()) Refuse(where, "\"" + std::string(keyword) + "\" must be a number");
    (std::string_view(keyword) == "minimum" ? node.minimum : node.maximum) = *bound;
  }
}

Node Compile(const Json& schema, const std::string& where) {
  if (!schema.is_object()) Refuse(where, "a schema must be an object");
  const auto type = schema.find("type");
  if (type == schema.end() || !type->is_string()) {
    Refuse(where,
           "\"type\" must name one type (object, array, string, integer, number or "
           "boolean)");
  }
  Node node;
  const std::string& name = type->get_ref<const std::string&>();
  const auto known = std::find_if(kTypeNames.begin(), kTypeNames.end(),
                                  [&](const auto& entry) { return entry.first == name; });
  if (known == kTypeNames.end()) Refuse(where, "unknown type " + Quote(*type));
  node.type = known->second;
  for (const auto& [keyword, argument] : schema.items()) {
    if (keyword == "type") continue;
    if (keyword == "description") {
      if (!argument.is_string()) Refuse(where, "\"description\" must be text");
      continue;
    }
    if (!Applies(keyword, node.type)) {
      Refuse(where,
             "keyword \"" + keyword + "\" is not supported on a " + std::string(NameOf(node.type)));
    }
  }
  switch (node.type) {
    case Type::kObject:
      CompileObject(schema, where, node);
      break;
    case Type::kArray:
      CompileArray(schema, where, node);
      break;
    case Type::kString:
    case Type::kInteger:
    case Type::kNumber:
      CompileScalar(schema, where, node);
      break;
    case Type::kBoolean:
      break;
  }
  return node;
}

// --- Validating ---

struct Sink {
  std::vector<SchemaViolation> violations;
  std::size_t limit = 1;

  bool Full() const { return violations.size() >= limit; }
  void Add(const std::string& path, std::string message) {
    if (!Full()) violations.push_back({path, std::move(message)});
  }
};

void Validate(const Json& value, const Node& node, const std::string& path, Sink& sink);

void ValidateObject(const Json& value, const Node& node, const std::string& path, Sink& sink) {
  for (const std::string& name : node.required) {
    if (!value.contains(name)) sink.Add(path, "missing required property " + Quote(Json(name)));
  }
  for (const auto& [name, property] : node.properties) {
    if (sink.Full()) return;
    const auto found = value.find(name);
    if (found != value.end()) Validate(*found, *property, PropertyPath(path, name), sink);
  }
  if (node.additional_properties) return;
  for (const auto& [name, member] : value.items()) {
    const bool described =
        std::any_of(node.properties.begin(), node.properties.end(),
                    [&name = name](const auto& property) { return property.first == name; });
    if (!described) sink.Add(path, "additional property " + Quote(Json(name)) + " is not allowed");
  }
}

void ValidateArray(const Json& value, const Node& node, const std::string& path, Sink& sink) {
  if (node.min_items && value.size() < *node.min_items) {
    sink.Add(path, "expected at least " + std::to_string(*node.min_items) + " items, got " +
                       std::to_string(value.size()));
  }
  if (node.max_items && value.size() > *node.max_items) {
    sink.Add(path, "expected at most " + std::to_string(*node.max_items) + " items, got " +
                       std::to_string(value.size()));
  }
  for (std::size_t i = 0; i < value.size() && !sink.Full(); ++i) {
    Validate(value[i], *node.items, path + "[" + std::to_string(i) + "]", sink);
  }
}

void ValidateScalar(const Json& value, const Node& node, const std::string& path, Sink& sink) {
  if (node.allowed && std::none_of(node.allowed->begin(), node.allowed->end(),
                                   [&](const Json& member) { return SameValue(value, member); })) {
    sink.Add(path, "value " + Quote(value) + " is not one of " + Quote(*node.allowed));
  }
  if (node.minimum && CompareNumbers(value, *node.minimum) < 0) {
    sink.Add(path, "value " + Dump(value) + " is less than the minimum " + Dump(*node.minimum));
  }
  if (node.maximum && CompareNumbers(value, *node.maximum) > 0) {
    sink.Add(path, "value " + Dump(value) + " is greater than the maximum " + Dump(*node.maximum));
  }
}

// Recursion follows the schema, which is finite and has no references, so its depth is the
// schema's depth whatever the value holds.
void Validate(const Json& value, const Node& node, const std::string& path, Sink& sink) {
  if (sink.Full()) return;
  if (!HasType(value, node.type)) {
    sink.Add(path, "expected type " + std::string(NameOf(node.type)) + ", got " + TypeName(value));
    return;
  }
  switch (node.type) {
    case Type::kObject:
      ValidateObject(value, node, path, sink);
      break;
    case Type::kArray:
      ValidateArray(value, node, path, sink);
      break;
    case Type::kString:
    case Type::kInteger:
    case Type::kNumber:
      ValidateScalar(value, node, path, sink);
      break;
    case Type::kBoolean:
      break;
  }
}

}  // namespace

JsonSchema JsonSchema::Compile(const nlohmann::json& schema) {
  return JsonSchema(std::make_shared<const Node>(llm::Compile(schema, "#")));
}

std::vector<SchemaViolation> JsonSchema::Validate(const nlohmann::json& value,
                                                  std::size_t max_violations) const {
  Sink sink;
  sink.limit = std::max<std::size_t>(max_violations, 1);
  llm::Validate(value, *root_, "$", sink);
  return std::move(sink.violations);
}

std::string DescribeViolations(const std::vector<SchemaViolation>& violations) {
  std::string text;
  for (const SchemaViolation& violation : violations) {
    if (!text.empty()) text += '\n';
    text += violation.path + ": " + violation.message;
  }
  return text;
}

}  // namespace llm
