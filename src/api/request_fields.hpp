#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "backlog/limits.hpp"
#include "http/api_error.hpp"
#include "http/request.hpp"
#include "services/project_service.hpp"

// Reading request fields into the services' types: shapes and sizes only (a string, at most so
// many bytes); the rules a value must follow are the services'.
namespace api {

// A 422 naming one field.
http::ApiError Invalid(const std::string& field, const std::string& message);

// A list of domain keys.
std::vector<std::string> DomainsFrom(const nlohmann::json& value);
// Work-item limits, each a whole number.
backlog::WorkItemLimits LimitsFrom(const nlohmann::json& value);
// The project fields present in a request body.
services::ProjectFields ProjectFieldsFrom(const nlohmann::json& body);

// A whole-number query parameter between `min` and `max`, or `fallback` when absent; 400
// `invalid_query` otherwise.
std::int64_t QueryNumber(const http::Request& request, std::string_view name, std::int64_t fallback,
                         std::int64_t min, std::int64_t max);

}  // namespace api
