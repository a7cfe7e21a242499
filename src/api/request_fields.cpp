#include "api/request_fields.hpp"

#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "api/json_body.hpp"
#include "backlog/json_mapping.hpp"
#include "backlog/project_rules.hpp"

namespace api {

http::ApiError Invalid(const std::string& field, const std::string& message) {
  return http::ApiError(422, "validation_failed", "Unprocessable Content", message)
      .WithFieldError(field, message);
}

std::vector<std::string> DomainsFrom(const nlohmann::json& value) {
  if (!value.is_array()) {
    throw Invalid("domains", "Choose one to three domains (the primary one first).");
  }
  std::vector<std::string> domains;
  for (const auto& domain : value) {
    if (!domain.is_string()) {
      throw Invalid("domains", "Each domain is a key from GET /api/domains, as a string.");
    }
    domains.push_back(domain.get<std::string>());
  }
  return domains;
}

backlog::WorkItemLimits LimitsFrom(const nlohmann::json& value) {
  try {
    return backlog::WorkItemLimitsFromJson(value);
  } catch (const std::invalid_argument& error) {
    throw Invalid("limits", error.what());
  }
}

services::ProjectFields ProjectFieldsFrom(const nlohmann::json& body) {
  services::ProjectFields fields;
  fields.name = OptionalString(body, "name", 2 * backlog::kMaxProjectNameChars);
  if (const auto it = body.find("domains"); it != body.end()) fields.domains = DomainsFrom(*it);
  fields.vision = OptionalString(body, "vision", backlog::kMaxVisionBytes);
  fields.target_users = OptionalString(body, "target_users", backlog::kMaxTargetUsersBytes);
  if (const auto it = body.find("limits"); it != body.end() && !it->is_null()) {
    fields.limits = LimitsFrom(*it);
  }
  if (const auto it = body.find("include_test_artifacts"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) throw Invalid("include_test_artifacts", "Must be true or false.");
    fields.include_test_artifacts = it->get<bool>();
  }
  return fields;
}

std::int64_t QueryNumber(const http::Request& request, std::string_view name, std::int64_t fallback,
                         std::int64_t min, std::int64_t max) {
  const auto text = request.QueryParam(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    throw http::BadRequestError("invalid_query", std::string(name) + " must be a number from " +
                                                     std::to_string(min) + " to " +
                                                     std::to_string(max) + ".");
  }
  return value;
}

}  // namespace api
