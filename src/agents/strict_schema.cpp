#include "agents/strict_schema.hpp"

namespace agents::schema {
namespace {

Json Described(Json schema, std::string_view description) {
  if (!description.empty()) schema["description"] = std::string(description);
  return schema;
}

}  // namespace

Json Object(std::vector<std::pair<std::string, Json>> properties) {
  Json object = {{"type", "object"},
                 {"properties", Json::object()},
                 {"required", Json::array()},
                 {"additionalProperties", false}};
  for (auto& [name, property] : properties) {
    object["required"].push_back(name);
    object["properties"][name] = std::move(property);
  }
  return object;
}

Json String(std::string_view description) { return Described({{"type", "string"}}, description); }

Json StringEnum(const std::vector<std::string>& values, std::string_view description) {
  return Described({{"type", "string"}, {"enum", values}}, description);
}

Json IntegerEnum(std::initializer_list<int> values, std::string_view description) {
  return Described({{"type", "integer"}, {"enum", Json(std::vector<int>(values))}}, description);
}

Json Integer(int minimum, int maximum, std::string_view description) {
  return Described({{"type", "integer"}, {"minimum", minimum}, {"maximum", maximum}}, description);
}

Json Number(double minimum, double maximum, std::string_view description) {
  return Described({{"type", "number"}, {"minimum", minimum}, {"maximum", maximum}}, description);
}

Json Boolean(std::string_view description) { return Described({{"type", "boolean"}}, description); }

Json Array(Json items, int min_items, int max_items, std::string_view description) {
  return Described({{"type", "array"},
                    {"items", std::move(items)},
                    {"minItems", min_items},
                    {"maxItems", max_items}},
                   description);
}

Json StringArray(int min_items, int max_items, std::string_view description) {
  return Array(String(), min_items, max_items, description);
}

const std::vector<std::string>& Priorities() {
  static const std::vector<std::string> priorities = {"High", "Medium", "Low"};
  return priorities;
}

}  // namespace agents::schema
