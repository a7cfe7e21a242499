#include "api/json_body.hpp"

#include <nlohmann/json.hpp>

#include "http/api_error.hpp"
#include "json/bounded_parse.hpp"

namespace api {
namespace {

http::ApiError FieldError(std::string_view field, std::string message) {
  return http::ApiError(422, "validation_failed", "Unprocessable Content",
                        "The request has invalid fields.")
      .WithFieldError(std::string(field), std::move(message));
}

}  // namespace

nlohmann::json JsonObjectBody(const http::Request& request) {
  const auto type = request.headers.Find("Content-Type");
  const bool json = type && (type->substr(0, 16) == "application/json");
  if (!json) {
    throw http::ApiError(415, "unsupported_media_type", "Unsupported Media Type",
                         "Send the body as application/json.");
  }
  json::ParseResult parsed = json::ParseBounded(request.body);
  if (parsed.failure == json::ParseFailure::kTooDeep) {
    throw http::BadRequestError("malformed_request",
                                "The body nests deeper than " + std::to_string(json::kMaxDepth) +
                                    " levels; no request of this API needs that.");
  }
  if (!parsed.ok()) {
    throw http::BadRequestError("invalid_json", "The body is not valid JSON.");
  }
  nlohmann::json body = std::move(parsed.value);
  if (!body.is_object()) {
    throw http::BadRequestError("invalid_json", "The body must be a JSON object.");
  }
  return body;
}

std::optional<std::string> OptionalString(const nlohmann::json& body, std::string_view field,
                                          std::size_t max_bytes) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) throw FieldError(field, "Must be a string.");
  std::string value = it->get<std::string>();
  if (value.size() > max_bytes) {
    throw FieldError(field, "Must be at most " + std::to_string(max_bytes) + " bytes.");
  }
  return value;
}

std::optional<bool> OptionalBool(const nlohmann::json& body, std::string_view field) {
  const auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_boolean()) throw FieldError(field, "Must be true or false.");
  return it->get<bool>();
}

std::string RequiredString(const nlohmann::json& body, std::string_view field,
                           std::size_t max_bytes) {
  auto value = OptionalString(body, field, max_bytes);
  if (!value) throw FieldError(field, "Required.");
  return std::move(*value);
}

}  // namespace api
