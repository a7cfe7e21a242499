// The JSON and YAML exports: the backlog's JSON form, and the same structure as a YAML block
// document.

#include <yaml-cpp/yaml.h>

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "backlog/export.hpp"
#include "backlog/export_text.hpp"
#include "backlog/json_mapping.hpp"
#include "backlog/text.hpp"

namespace backlog {
namespace {

using Json = nlohmann::json;
using internal::FormatNumber;
using text::ToLower;

// Whether a plain scalar would read back as something other than this string under YAML 1.1 or
// 1.2 core rules. Errs on the side of quoting: anything starting like a number is quoted.
bool YamlNeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  static constexpr std::array<std::string_view, 11> kSpecial = {
      "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf"};
  const std::string lower = ToLower(text);
  for (const std::string_view special : kSpecial) {
    if (lower == special) return true;
  }
  if (lower == ".nan" || lower == "-.inf" || lower == "+.inf") return true;
  const char first = text.front();
  if (first >= '0' && first <= '9') return true;
  if ((first == '-' || first == '+' || first == '.') && text.size() > 1 &&
      ((text[1] >= '0' && text[1] <= '9') || text[1] == '.')) {
    return true;
  }
  return text.front() == ' ' || text.back() == ' ';
}

void EmitYaml(YAML::Emitter& out, const Json& value) {
  // Block style puts an empty collection on a line of its own; flow style keeps "key: []".
  if ((value.is_object() || value.is_array()) && value.empty()) out << YAML::Flow;
  switch (value.type()) {
    case Json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, member] : value.items()) {
        out << YAML::Key;
        if (YamlNeedsQuotes(key)) out << YAML::DoubleQuoted;
        out << key << YAML::Value;
        EmitYaml(out, member);
      }
      out << YAML::EndMap;
      break;
    case Json::value_t::array:
      out << YAML::BeginSeq;
      for (const Json& item : value) EmitYaml(out, item);
      out << YAML::EndSeq;
      break;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (YamlNeedsQuotes(text)) out << YAML::DoubleQuoted;
      out << text;
      break;
    }
    case Json::value_t::boolean:
      out << value.get<bool>();
      break;
    case Json::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case Json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case Json::value_t::number_float: {
      // yaml-cpp prints doubles with 17 digits (0.1 -> 0.10000000000000001); the shortest
      // round-trip form reads better. A ".0" keeps integral values floats.
      std::string number = FormatNumber(value.get<double>());
      if (number.find_first_of(".eEn") == std::string::npos) number += ".0";
      out << number;
      break;
    }
    default:
      out << YAML::Null;
      break;
  }
}

}  // namespace

std::string ExportJson(const Backlog& backlog) { return ToJson(backlog).dump(2) + "\n"; }

std::string ExportYaml(const Backlog& backlog) {
  YAML::Emitter out;
  out.SetIndent(2);
  EmitYaml(out, ToJson(backlog));
  return std::string(out.c_str()) + "\n";
}

}  // namespace backlog
