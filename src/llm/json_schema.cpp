#include "llm/json_schema.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace llm {
namespace {

using Json = nlohmann::json;

// Patterns are matched on code points, one wchar_t each.
static_assert(sizeof(wchar_t) == 4, "patterns need wchar_t to hold a whole code point");

// Nested Validate calls (value nesting plus schema combinators), well below the stack's limit.
constexpr std::size_t kMaxDepth = 512;
// Schema applications and uniqueItems comparisons per ValidateJson call.
constexpr std::size_t kMaxSteps = 250'000;
// libstdc++'s std::regex recurses once per character; 1024 stays far from an 8 MB stack's end.
constexpr std::size_t kMaxPatternSubject = 1024;
// Values quoted in messages are cut here so a huge reply does not flood logs and prompts.
constexpr std::size_t kMaxQuotedBytes = 120;

constexpr std::array<std::string_view, 7> kTypeNames = {"null",   "boolean", "object", "array",
                                                        "string", "number",  "integer"};

// Keywords that only describe; CheckSchemaSupported accepts them ($id only at the root).
constexpr std::array<std::string_view, 13> kAnnotations = {
    "title",    "description",     "$schema",         "$comment", "default",
    "examples", "format",          "deprecated",      "readOnly", "writeOnly",
    "$id",      "contentEncoding", "contentMediaType"};

std::string GaveUpMessage() {
  return "validation stopped after " + std::to_string(kMaxSteps) +
         " steps (schema too costly for this value); treated as invalid";
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

std::string QuoteText(std::string_view text) { return Quote(Json(std::string(text))); }

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

std::string IndexPath(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
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

std::size_t CountCodePoints(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// UTF-8 to one wchar_t per code point; malformed bytes become U+FFFD.
std::wstring DecodeUtf8(std::string_view text) {
  std::wstring out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::uint32_t code_point = lead;
    std::size_t length = 1;
    if (lead >= 0xF0 && lead < 0xF8) {
      code_point = lead & 0x07u;
      length = 4;
    } else if (lead >= 0xE0 && lead < 0xF0) {
      code_point = lead & 0x0Fu;
      length = 3;
    } else if (lead >= 0xC0 && lead < 0xE0) {
      code_point = lead & 0x1Fu;
      length = 2;
    } else if (lead >= 0x80) {
      length = 0;
    }
    bool valid = length > 0 && i + length <= text.size();
    for (std::size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      valid = (next & 0xC0) == 0x80;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (!valid) {
      out.push_back(static_cast<wchar_t>(0xFFFD));
      ++i;
      continue;
    }
    out.push_back(static_cast<wchar_t>(code_point));
    i += length;
  }
  return out;
}

// nullptr when `pattern` is not a regular expression std::regex's ECMAScript grammar accepts.
std::unique_ptr<std::wregex> CompilePattern(const std::string& pattern) {
  try {
    return std::make_unique<std::wregex>(DecodeUtf8(pattern), std::regex::ECMAScript);
  } catch (const std::regex_error&) {
    return nullptr;
  }
}

// "a", "a or b", "a, b or c" (or "and").
std::string JoinList(const std::vector<std::string>& items, std::string_view conjunction = "or") {
  std::string joined;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) joined += i + 1 == items.size() ? " " + std::string(conjunction) + " " : ", ";
    joined += items[i];
  }
  return joined;
}

// --- Number and value helpers ---

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

// JSON Schema equality: numbers by value (1 == 1.0), everything else structurally.
bool JsonEqual(const Json& a, const Json& b) {
  if (a.is_number() && b.is_number()) return CompareNumbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!JsonEqual(a[i], b[i])) return false;
    }
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (const auto& [key, a_value] : a.items()) {
      const auto b_value = b.find(key);
      if (b_value == b.end() || !JsonEqual(a_value, *b_value)) return false;
    }
    return true;
  }
  return a == b;
}

bool IsMultipleOf(const Json& value, const Json& divisor) {
  if (value.is_number_integer() && divisor.is_number_integer()) {
    return Magnitude(value) % Magnitude(divisor) == 0;
  }
  const double quotient = value.get<double>() / divisor.get<double>();
  if (!std::isfinite(quotient)) return false;
  // Tolerates binary rounding, so 0.3 is a multiple of 0.1.
  return std::fabs(quotient - std::round(quotient)) <= 1e-9 * std::max(1.0, std::fabs(quotient));
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

bool HasType(const Json& value, std::string_view type) {
  if (type == "null") return value.is_null();
  if (type == "boolean") return value.is_boolean();
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "number") return value.is_number();
  return type == "integer" && IsWhole(value);
}

bool IsTypeName(std::string_view name) {
  return std::find(kTypeNames.begin(), kTypeNames.end(), name) != kTypeNames.end();
}

// A non-negative whole number, as minItems and minLength need.
std::optional<std::uint64_t> ReadCount(const Json& value) {
  if (!IsWhole(value)) return std::nullopt;
  if (value.is_number_integer()) {
    if (IsNegativeInteger(value)) return std::nullopt;
    return Magnitude(value);
  }
  const double number = value.get<double>();
  if (number < 0 || number >= 18446744073709551616.0) return std::nullopt;
  return static_cast<std::uint64_t>(number);
}

// The schema a local $ref names, or nullptr: "#", "#/$defs/NAME" or "#/definitions/NAME", with
// ~0 and ~1 unescaped in NAME.
const Json* ResolveRef(const Json& root, std::string_view ref) {
  if (ref == "#") return &root;
  for (std::string_view container : {"$defs", "definitions"}) {
    const std::string prefix = "#/" + std::string(container) + "/";
    if (ref.substr(0, prefix.size()) != prefix) continue;
    const std::string_view token = ref.substr(prefix.size());
    if (token.empty() || token.find('/') != std::string_view::npos) return nullptr;
    std::string name;
    for (std::size_t i = 0; i < token.size(); ++i) {
      if (token[i] != '~') {
        name += token[i];
      } else if (i + 1 < token.size() && (token[i + 1] == '0' || token[i + 1] == '1')) {
        name += token[++i] == '0' ? '~' : '/';
      } else {
        return nullptr;
      }
    }
    if (!root.is_object()) return nullptr;
    const auto definitions = root.find(container);
    if (definitions == root.end() || !definitions->is_object()) return nullptr;
    const auto target = definitions->find(name);
    return target == definitions->end() ? nullptr : &*target;
  }
  return nullptr;
}

// --- Validation ---

struct Sink {
  std::vector<SchemaViolation> violations;
  std::size_t limit = 1;

  bool Full() const { return violations.size() >= limit; }
  void Add(const std::string& path, std::string message) {
    if (!Full()) violations.push_back({path, std::move(message)});
  }
};

class DepthGuard {
 public:
  explicit DepthGuard(std::size_t& depth) : depth_(depth) { ++depth_; }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  std::size_t& depth_;
};

// The keywords ValidateJson checks; any other keyword is ignored.
constexpr std::array<std::string_view, 23> kValidationKeywords = {
    // Any value.
    "$ref", "type", "enum", "const",
    // Numbers.
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    // Strings.
    "minLength", "maxLength", "pattern",
    // Arrays.
    "minItems", "maxItems", "uniqueItems", "items",
    // Objects.
    "required", "properties", "additionalProperties",
    // Combinators.
    "allOf", "anyOf", "oneOf", "not"};

// kValidationKeywords.size() when `keyword` is not one of them.
constexpr std::size_t FindSlot(std::string_view keyword) {
  return static_cast<std::size_t>(
      std::find(kValidationKeywords.begin(), kValidationKeywords.end(), keyword) -
      kValidationKeywords.begin());
}

// Resolved at compile time, so a misspelt keyword does not compile.
consteval std::size_t Slot(std::string_view keyword) {
  const std::size_t slot = FindSlot(keyword);
  if (slot == kValidationKeywords.size()) throw std::logic_error("not a validation keyword");
  return slot;
}

// The validation keywords of one schema object, looked up once per object rather than once per
// value it is applied to.
class Keywords {
 public:
  explicit Keywords(const Json& schema) {
    for (const auto& [keyword, argument] : schema.items()) {
      const std::size_t slot = FindSlot(keyword);
      if (slot < arguments_.size()) arguments_[slot] = &argument;
    }
  }

  // nullptr when the schema does not use the keyword.
  const Json* operator[](std::size_t slot) const { return arguments_[slot]; }

 private:
  std::array<const Json*, kValidationKeywords.size()> arguments_{};
};

// A keyword with its slot, for loops over related keywords.
struct NamedSlot {
  std::string_view keyword;
  std::size_t slot;
};

consteval NamedSlot Named(std::string_view keyword) { return {keyword, Slot(keyword)}; }

class Validator {
 public:
  explicit Validator(const Json& root) : root_(root) {}

  void Validate(const Json& value, const Json& schema, const std::string& path, Sink& sink);

  bool gave_up() const { return gave_up_; }

 private:
  bool Step(const std::string& path, Sink& sink);
  const Keywords& KeywordsOf(const Json& schema);
  void ValidateRef(const Json& value, const Json& ref, const std::string& path, Sink& sink);
  void ValidateType(const Json& value, const Json& type, const std::string& path, Sink& sink);
  void ValidateNumber(const Json& value, const Keywords& schema, const std::string& path,
                      Sink& sink);
  void ValidateString(const Json& value, const Keywords& schema, const std::string& path,
                      Sink& sink);
  void ValidateArray(const Json& value, const Keywords& schema, const std::string& path,
                     Sink& sink);
  void ValidateObject(const Json& value, const Keywords& schema, const std::string& path,
                      Sink& sink);
  void ValidateCombinators(const Json& value, const Keywords& schema, const std::string& path,
                           Sink& sink);
  // Whether `value` matches `schema`; otherwise `problem` gets the first violation, labelled.
  bool Matches(const Json& value, const Json& schema, const std::string& path,
               const std::string& label, std::string& problem);
  const std::wregex* Pattern(const std::string& pattern);

  const Json& root_;
  std::unordered_map<const Json*, Keywords> keywords_;
  std::unordered_map<std::string, std::unique_ptr<std::wregex>> patterns_;  // null: invalid
  std::vector<std::pair<const Json*, const Json*>> active_refs_;  // (target, value) being checked
  std::size_t depth_ = 0;
  std::size_t steps_ = 0;
  bool gave_up_ = false;
};

bool Validator::Step(const std::string& path, Sink& sink) {
  if (gave_up_) return false;
  if (++steps_ <= kMaxSteps) return true;
  gave_up_ = true;
  sink.Add(path, GaveUpMessage());
  return false;
}

const Keywords& Validator::KeywordsOf(const Json& schema) {
  auto found = keywords_.find(&schema);
  if (found == keywords_.end()) found = keywords_.emplace(&schema, Keywords(schema)).first;
  return found->second;
}

void Validator::Validate(const Json& value, const Json& schema_json, const std::string& path,
                         Sink& sink) {
  if (sink.Full() || !Step(path, sink)) return;
  if (depth_ >= kMaxDepth) {
    sink.Add(path, "nested more than " + std::to_string(kMaxDepth) + " levels deep to validate");
    return;
  }
  const DepthGuard guard(depth_);
  if (schema_json.is_boolean()) {
    if (!schema_json.get<bool>()) sink.Add(path, "no value is allowed here (the schema is false)");
    return;
  }
  if (!schema_json.is_object()) {
    sink.Add(path,
             "schema error: a schema must be an object or a boolean, got " + TypeName(schema_json));
    return;
  }
  const Keywords& schema = KeywordsOf(schema_json);
  if (const Json* ref = schema[Slot("$ref")]) ValidateRef(value, *ref, path, sink);
  if (const Json* type = schema[Slot("type")]) ValidateType(value, *type, path, sink);
  if (const Json* allowed = schema[Slot("enum")]) {
    if (!allowed->is_array()) {
      sink.Add(path, "schema error: \"enum\" must be an array");
    } else if (std::none_of(allowed->begin(), allowed->end(),
                            [&](const Json& option) { return JsonEqual(value, option); })) {
      sink.Add(path, "value " + Quote(value) + " is not one of " + Quote(*allowed));
    }
  }
  if (const Json* constant = schema[Slot("const")]) {
    if (!JsonEqual(value, *constant)) {
      sink.Add(path, "value " + Quote(value) + " is not the constant " + Quote(*constant));
    }
  }
  if (value.is_number()) ValidateNumber(value, schema, path, sink);
  if (value.is_string()) ValidateString(value, schema, path, sink);
  if (value.is_array()) ValidateArray(value, schema, path, sink);
  if (value.is_object()) ValidateObject(value, schema, path, sink);
  ValidateCombinators(value, schema, path, sink);
}

void Validator::ValidateRef(const Json& value, const Json& ref, const std::string& path,
                            Sink& sink) {
  if (!ref.is_string()) {
    sink.Add(path, "schema error: \"$ref\" must be a string");
    return;
  }
  const std::string& target_name = ref.get_ref<const std::string&>();
  const Json* target = ResolveRef(root_, target_name);
  if (target == nullptr) {
    sink.Add(path, "schema error: cannot resolve $ref " + QuoteText(target_name));
    return;
  }
  // Validation is a function of (schema, value): meeting the same pair again inside itself can
  // only recurse forever.
  const std::pair<const Json*, const Json*> entry(target, &value);
  if (std::find(active_refs_.begin(), active_refs_.end(), entry) != active_refs_.end()) {
    sink.Add(path, "$ref " + QuoteText(target_name) +
                       " leads back to itself for the same value (a reference cycle)");
    return;
  }
  active_refs_.push_back(entry);
  Validate(value, *target, path, sink);
  active_refs_.pop_back();
}

void Validator::ValidateType(const Json& value, const Json& type, const std::string& path,
                             Sink& sink) {
  std::vector<std::string> names;
  if (type.is_string()) {
    names.push_back(type.get<std::string>());
  } else if (type.is_array() && !type.empty()) {
    for (const Json& name : type) {
      if (!name.is_string()) {
        sink.Add(path, "schema error: \"type\" must list type names");
        return;
      }
      names.push_back(name.get<std::string>());
    }
  } else {
    sink.Add(path, "schema error: \"type\" must be a type name or an array of them");
    return;
  }
  for (const std::string& name : names) {
    if (!IsTypeName(name)) {
      sink.Add(path, "schema error: unknown type " + QuoteText(name));
      return;
    }
  }
  if (std::none_of(names.begin(), names.end(),
                   [&](const std::string& name) { return HasType(value, name); })) {
    sink.Add(path, "expected type " + JoinList(names) + ", got " + TypeName(value));
  }
}

void Validator::ValidateNumber(const Json& value, const Keywords& schema, const std::string& path,
                               Sink& sink) {
  struct Bound {
    NamedSlot keyword;
    bool (*fails)(int comparison);
    std::string_view wording;
  };
  static constexpr std::array<Bound, 4> kBounds = {{
      {Named("minimum"), [](int c) { return c < 0; }, " is less than the minimum "},
      {Named("maximum"), [](int c) { return c > 0; }, " is greater than the maximum "},
      {Named("exclusiveMinimum"), [](int c) { return c <= 0; },
       " is not greater than the exclusive minimum "},
      {Named("exclusiveMaximum"), [](int c) { return c >= 0; },
       " is not less than the exclusive maximum "},
  }};
  for (const Bound& bound : kBounds) {
    const Json* limit = schema[bound.keyword.slot];
    if (limit == nullptr) continue;
    if (!limit->is_number()) {
      sink.Add(path,
               "schema error: \"" + std::string(bound.keyword.keyword) + "\" must be a number");
    } else if (bound.fails(CompareNumbers(value, *limit))) {
      sink.Add(path, "value " + Dump(value) + std::string(bound.wording) + Dump(*limit));
    }
  }
  if (const Json* divisor = schema[Slot("multipleOf")]) {
    if (!divisor->is_number() || CompareNumbers(*divisor, Json(0)) <= 0) {
      sink.Add(path, "schema error: \"multipleOf\" must be a number greater than 0");
    } else if (!IsMultipleOf(value, *divisor)) {
      sink.Add(path, "value " + Dump(value) + " is not a multiple of " + Dump(*divisor));
    }
  }
}

// minLength/maxLength and minItems/maxItems: `size` against the two limits, if present.
void CheckSizeLimits(std::size_t size, const Keywords& schema, NamedSlot minimum, NamedSlot maximum,
                     std::string_view unit, const std::string& path, Sink& sink) {
  for (const NamedSlot& keyword : {minimum, maximum}) {
    const Json* limit = schema[keyword.slot];
    if (limit == nullptr) continue;
    const std::optional<std::uint64_t> count = ReadCount(*limit);
    const bool is_minimum = keyword.slot == minimum.slot;
    if (!count) {
      sink.Add(path, "schema error: \"" + std::string(keyword.keyword) +
                         "\" must be a whole number >= 0");
    } else if (is_minimum ? size < *count : size > *count) {
      sink.Add(path, std::string(is_minimum ? "expected at least " : "expected at most ") +
                         std::to_string(*count) + " " + std::string(unit) + ", got " +
                         std::to_string(size));
    }
  }
}

void Validator::ValidateString(const Json& value, const Keywords& schema, const std::string& path,
                               Sink& sink) {
  const std::string& text = value.get_ref<const std::string&>();
  const std::size_t length = CountCodePoints(text);
  CheckSizeLimits(length, schema, Named("minLength"), Named("maxLength"), "characters", path, sink);
  const Json* pattern = schema[Slot("pattern")];
  if (pattern == nullptr) return;
  if (!pattern->is_string()) {
    sink.Add(path, "schema error: \"pattern\" must be a string");
    return;
  }
  const std::string& source = pattern->get_ref<const std::string&>();
  const std::wregex* regex = Pattern(source);
  if (regex == nullptr) {
    sink.Add(path, "schema error: pattern " + QuoteText(source) +
                       " is not a valid ECMAScript regular expression");
    return;
  }
  if (length > kMaxPatternSubject) {
    sink.Add(path, "string of " + std::to_string(length) +
                       " characters is too long to check against the pattern " + QuoteText(source) +
                       " (limit " + std::to_string(kMaxPatternSubject) + ")");
    return;
  }
  bool found = false;
  try {
    found = std::regex_search(DecodeUtf8(text), *regex);
  } catch (const std::regex_error&) {
    sink.Add(path,
             "could not check the pattern " + QuoteText(source) + " (regular expression error)");
    return;
  }
  if (!found) {
    sink.Add(path, "string " + Quote(value) + " does not match the pattern " + QuoteText(source));
  }
}

void Validator::ValidateArray(const Json& value, const Keywords& schema, const std::string& path,
                              Sink& sink) {
  CheckSizeLimits(value.size(), schema, Named("minItems"), Named("maxItems"), "items", path, sink);
  if (const Json* unique = schema[Slot("uniqueItems")]) {
    if (!unique->is_boolean()) {
      sink.Add(path, "schema error: \"uniqueItems\" must be a boolean");
    } else if (unique->get<bool>()) {
      [&] {
        for (std::size_t i = 0; i < value.size(); ++i) {
          for (std::size_t j = i + 1; j < value.size(); ++j) {
            if (!Step(path, sink)) return;
            if (JsonEqual(value[i], value[j])) {
              sink.Add(path, "items [" + std::to_string(i) + "] and [" + std::to_string(j) +
                                 "] are equal, but items must be unique");
              return;
            }
          }
        }
      }();
    }
  }
  const Json* items = schema[Slot("items")];
  if (items == nullptr) return;
  if (items->is_array()) {
    sink.Add(path, "schema error: \"items\" must be a schema (the array form is not supported)");
    return;
  }
  for (std::size_t i = 0; i < value.size() && !sink.Full(); ++i) {
    Validate(value[i], *items, IndexPath(path, i), sink);
  }
}

void Validator::ValidateObject(const Json& value, const Keywords& schema, const std::string& path,
                               Sink& sink) {
  if (const Json* required = schema[Slot("required")]) {
    if (!required->is_array()) {
      sink.Add(path, "schema error: \"required\" must be an array of property names");
    } else {
      for (const Json& name : *required) {
        if (!name.is_string()) {
          sink.Add(path, "schema error: \"required\" must be an array of property names");
        } else if (!value.contains(name.get_ref<const std::string&>())) {
          sink.Add(path, "missing required property " + Quote(name));
        }
      }
    }
  }
  const Json* properties = schema[Slot("properties")];
  if (properties != nullptr && !properties->is_object()) {
    sink.Add(path, "schema error: \"properties\" must be an object");
    properties = nullptr;
  }
  if (properties != nullptr) {
    for (const auto& [name, property_schema] : properties->items()) {
      if (sink.Full()) return;
      const auto property = value.find(name);
      if (property == value.end()) continue;
      if (property_schema.is_boolean() && !property_schema.get<bool>()) {
        sink.Add(path, "property " + QuoteText(name) + " is not allowed");
      } else {
        Validate(*property, property_schema, PropertyPath(path, name), sink);
      }
    }
  }
  const Json* additional = schema[Slot("additionalProperties")];
  if (additional == nullptr) return;
  for (const auto& [name, property] : value.items()) {
    if (sink.Full()) return;
    if (properties != nullptr && properties->contains(name)) continue;
    if (additional->is_boolean() && !additional->get<bool>()) {
      sink.Add(path, "additional property " + QuoteText(name) + " is not allowed");
    } else {
      Validate(property, *additional, PropertyPath(path, name), sink);
    }
  }
}

bool Validator::Matches(const Json& value, const Json& schema, const std::string& path,
                        const std::string& label, std::string& problem) {
  Sink branch;
  Validate(value, schema, path, branch);
  if (branch.violations.empty()) return true;
  const SchemaViolation& first = branch.violations.front();
  problem = label + (first.path == path ? " " : " at " + first.path + ": ") + first.message;
  return false;
}

void Validator::ValidateCombinators(const Json& value, const Keywords& schema,
                                    const std::string& path, Sink& sink) {
  for (const NamedSlot& keyword : {Named("allOf"), Named("anyOf"), Named("oneOf")}) {
    const Json* branches = schema[keyword.slot];
    if (branches == nullptr) continue;
    const std::string name(keyword.keyword);
    if (!branches->is_array() || branches->empty()) {
      sink.Add(path, "schema error: \"" + name + "\" must be a non-empty array");
      continue;
    }
    if (name == "allOf") {  // every branch reports its own violations
      for (const Json& branch : *branches) Validate(value, branch, path, sink);
      continue;
    }
    std::vector<std::string> problems;
    std::vector<std::string> matched;
    for (std::size_t i = 0; i < branches->size(); ++i) {
      const std::string label = "[" + std::to_string(i) + "]";
      std::string problem;
      if (Matches(value, (*branches)[i], path, label, problem)) {
        matched.push_back(label);
        if (name == "anyOf") break;  // one match is enough
      } else {
        problems.push_back(problem);
      }
    }
    if (matched.empty()) {
      std::string details;
      for (const std::string& problem : problems) {
        details += (details.empty() ? "" : "; ") + problem;
      }
      sink.Add(path, "matches none of the " + name + " alternatives (" +
                         Truncate(details, 4 * kMaxQuotedBytes) + ")");
    } else if (matched.size() > 1) {
      sink.Add(path, "matches more than one of the oneOf alternatives (" +
                         JoinList(matched, "and") + "); exactly one must match");
    }
  }
  if (const Json* negated = schema[Slot("not")]) {
    std::string problem;
    if (Matches(value, *negated, path, "", problem)) {
      sink.Add(path, "must not match the schema under \"not\"");
    }
  }
}

const std::wregex* Validator::Pattern(const std::string& pattern) {
  auto found = patterns_.find(pattern);
  if (found == patterns_.end()) {
    found = patterns_.emplace(pattern, CompilePattern(pattern)).first;
  }
  return found->second.get();
}

// --- Support check ---

class SupportChecker {
 public:
  explicit SupportChecker(const Json& root) : root_(root) {}

  void Check(const Json& schema, const std::string& where) const;

 private:
  [[noreturn]] static void Fail(const std::string& where, const std::string& problem) {
    throw std::invalid_argument("unsupported JSON schema at " + where + ": " + problem);
  }
  void CheckKeyword(const std::string& keyword, const Json& argument,
                    const std::string& where) const;
  void CheckSchemaList(const std::string& keyword, const Json& argument,
                       const std::string& where) const;
  void CheckSchemaMap(const std::string& keyword, const Json& argument,
                      const std::string& where) const;

  const Json& root_;
};

void SupportChecker::Check(const Json& schema, const std::string& where) const {
  if (schema.is_boolean()) return;
  if (!schema.is_object()) Fail(where, "a schema must be an object or a boolean");
  for (const auto& [keyword, argument] : schema.items()) {
    const bool annotation =
        std::find(kAnnotations.begin(), kAnnotations.end(), keyword) != kAnnotations.end() ||
        keyword.rfind("x-", 0) == 0;
    if (keyword == "$id" && where != "#") {
      Fail(where, "\"$id\" below the root changes how $ref resolves, which is not supported");
    }
    if (!annotation) CheckKeyword(keyword, argument, where);
  }
}

void SupportChecker::CheckKeyword(const std::string& keyword, const Json& argument,
                                  const std::string& where) const {
  const std::string inner = where + "/" + PointerToken(keyword);
  if (keyword == "type") {
    std::vector<Json> names;
    if (argument.is_string()) {
      names.push_back(argument);
    } else if (argument.is_array() && !argument.empty()) {
      names.assign(argument.begin(), argument.end());
    } else {
      Fail(where, "\"type\" must be a type name or a non-empty array of them");
    }
    for (const Json& name : names) {
      if (!name.is_string() || !IsTypeName(name.get_ref<const std::string&>())) {
        Fail(where, "unknown type " + Quote(name));
      }
    }
  } else if (keyword == "properties" || keyword == "$defs" || keyword == "definitions") {
    CheckSchemaMap(keyword, argument, where);
  } else if (keyword == "additionalProperties" || keyword == "not") {
    Check(argument, inner);
  } else if (keyword == "items") {
    if (argument.is_array()) {
      Fail(where, "\"items\" as an array (tuple form) is not supported");
    }
    Check(argument, inner);
  } else if (keyword == "allOf" || keyword == "anyOf" || keyword == "oneOf") {
    CheckSchemaList(keyword, argument, where);
  } else if (keyword == "required") {
    if (!argument.is_array() || !std::all_of(argument.begin(), argument.end(),
                                             [](const Json& n) { return n.is_string(); })) {
      Fail(where, "\"required\" must be an array of property names");
    }
  } else if (keyword == "minItems" || keyword == "maxItems" || keyword == "minLength" ||
             keyword == "maxLength") {
    if (!ReadCount(argument)) Fail(where, "\"" + keyword + "\" must be a whole number >= 0");
  } else if (keyword == "uniqueItems") {
    if (!argument.is_boolean()) Fail(where, "\"uniqueItems\" must be a boolean");
  } else if (keyword == "enum") {
    if (!argument.is_array()) Fail(where, "\"enum\" must be an array");
  } else if (keyword == "const") {
    // Any value.
  } else if (keyword == "minimum" || keyword == "maximum" || keyword == "exclusiveMinimum" ||
             keyword == "exclusiveMaximum") {
    if (!argument.is_number()) Fail(where, "\"" + keyword + "\" must be a number");
  } else if (keyword == "multipleOf") {
    if (!argument.is_number() || CompareNumbers(argument, Json(0)) <= 0) {
      Fail(where, "\"multipleOf\" must be a number greater than 0");
    }
  } else if (keyword == "pattern") {
    if (!argument.is_string() || !CompilePattern(argument.get_ref<const std::string&>())) {
      Fail(where, "pattern " + Quote(argument) + " is not a valid ECMAScript regular expression");
    }
  } else if (keyword == "$ref") {
    if (!argument.is_string() ||
        ResolveRef(root_, argument.get_ref<const std::string&>()) == nullptr) {
      Fail(where, "$ref " + Quote(argument) +
                      " does not name \"#\", \"#/$defs/NAME\" or \"#/definitions/NAME\" in this "
                      "schema");
    }
  } else {
    Fail(where, "keyword " + QuoteText(keyword) + " is not supported");
  }
}

void SupportChecker::CheckSchemaList(const std::string& keyword, const Json& argument,
                                     const std::string& where) const {
  if (!argument.is_array() || argument.empty()) {
    Fail(where, "\"" + keyword + "\" must be a non-empty array of schemas");
  }
  for (std::size_t i = 0; i < argument.size(); ++i) {
    Check(argument[i], where + "/" + keyword + "/" + std::to_string(i));
  }
}

void SupportChecker::CheckSchemaMap(const std::string& keyword, const Json& argument,
                                    const std::string& where) const {
  if (!argument.is_object()) Fail(where, "\"" + keyword + "\" must be an object");
  for (const auto& [name, schema] : argument.items()) {
    Check(schema, where + "/" + PointerToken(keyword) + "/" + PointerToken(name));
  }
}

}  // namespace

std::vector<SchemaViolation> ValidateJson(const nlohmann::json& value, const nlohmann::json& schema,
                                          std::size_t max_violations) {
  Sink sink;
  sink.limit = std::max<std::size_t>(max_violations, 1);
  Validator validator(schema);
  validator.Validate(value, schema, "$", sink);
  // Giving up inside an anyOf branch may leave no trace of it in the result; it must fail.
  if (validator.gave_up()) {
    const std::string gave_up = GaveUpMessage();
    if (std::none_of(sink.violations.begin(), sink.violations.end(),
                     [&](const SchemaViolation& v) { return v.message == gave_up; })) {
      if (sink.Full()) sink.violations.pop_back();
      sink.Add("$", gave_up);
    }
  }
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

void CheckSchemaSupported(const nlohmann::json& schema) {
  SupportChecker(schema).Check(schema, "#");
}

}  // namespace llm
