#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/request.hpp"

namespace api {

// The request body as a JSON object: 415 unless it is sent as application/json, 400 when it is
// not valid JSON or not an object.
nlohmann::json JsonObjectBody(const http::Request& request);

// A string field: 422 naming the field when it is missing, not a string, or longer than
// `max_bytes` (required), or nullopt when absent (optional).
std::string RequiredString(const nlohmann::json& body, std::string_view field,
                           std::size_t max_bytes = 4096);
std::optional<std::string> OptionalString(const nlohmann::json& body, std::string_view field,
                                          std::size_t max_bytes = 4096);
// A boolean field: 422 when present but not true/false, nullopt when absent or null.
std::optional<bool> OptionalBool(const nlohmann::json& body, std::string_view field);

}  // namespace api
