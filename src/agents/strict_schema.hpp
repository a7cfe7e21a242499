#pragma once

// Builders for the JSON schemas the agents send as structured output. They produce only what
// OpenAI's strict mode accepts and llm::JsonSchema checks: every object lists all of its
// properties in `required` and sets `additionalProperties: false`, and no string length
// keywords, which strict mode rejects. An optional field would be nullable, never absent; that
// needs a list of types, which llm::JsonSchema accepts only once a schema uses it.

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace agents::schema {

using Json = nlohmann::json;

// An object with exactly these properties, all required.
Json Object(std::vector<std::pair<std::string, Json>> properties);
Json String(std::string_view description = "");
Json StringEnum(const std::vector<std::string>& values, std::string_view description = "");
Json IntegerEnum(std::initializer_list<int> values, std::string_view description = "");
Json Integer(int minimum, int maximum, std::string_view description = "");
Json Number(double minimum, double maximum, std::string_view description = "");
Json Boolean(std::string_view description = "");
Json Array(Json items, int min_items, int max_items, std::string_view description = "");
Json StringArray(int min_items, int max_items, std::string_view description = "");

// "High", "Medium", "Low": the priority of every kind of item.
const std::vector<std::string>& Priorities();

}  // namespace agents::schema
