#include "http/api_error.hpp"

#include <nlohmann/json.hpp>

namespace http {

Response ProblemResponse(const ApiError& error) {
  nlohmann::json body = {
      {"type", "about:blank"},
      {"title", error.title()},
      {"status", error.status()},
      {"code", error.code()},
  };
  if (!error.detail().empty()) body["detail"] = error.detail();
  if (!error.field_errors().empty()) {
    auto& errors = body["errors"] = nlohmann::json::array();
    for (const auto& field : error.field_errors()) {
      errors.push_back({{"field", field.name}, {"message", field.value}});
    }
  }
  Response response = Response::Text(error.status(), body.dump(), "application/problem+json");
  for (const auto& header : error.headers()) response.headers.Add(header.name, header.value);
  return response;
}

ApiError NotFoundError(std::string detail) {
  return ApiError(404, "not_found", "Not Found", std::move(detail));
}

ApiError BadRequestError(std::string code, std::string detail) {
  return ApiError(400, std::move(code), "Bad Request", std::move(detail));
}

}  // namespace http
