#include "api/openapi.hpp"

#include <cctype>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace api {
namespace {

std::string LowerMethod(http::Method method) {
  std::string name(http::MethodName(method));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

nlohmann::json Operation(const http::Route& route) {
  nlohmann::json operation = {{"summary", route.summary}};
  nlohmann::json parameters = nlohmann::json::array();
  std::size_t open = route.path.find('{');
  while (open != std::string::npos) {
    const std::size_t close = route.path.find('}', open);
    parameters.push_back({{"name", route.path.substr(open + 1, close - open - 1)},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
    open = route.path.find('{', close);
  }
  if (!parameters.empty()) operation["parameters"] = parameters;
  if (route.access == http::Access::kPublic) {
    operation["security"] = nlohmann::json::array();
  } else {
    operation["security"] = {{{"bearer", nlohmann::json::array()}},
                             {{"cookie", nlohmann::json::array()}}};
  }
  if (route.access == http::Access::kAdmin) operation["x-required-role"] = "admin";
  operation["responses"] = {
      {"default", {{"description", "Errors are application/problem+json with a stable `code`."}}}};
  return operation;
}

}  // namespace

http::Handler OpenApiDocument(const std::vector<http::Route>& routes,
                              const BuildDescription& build) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& route : routes) paths[route.path][LowerMethod(route.method)] = Operation(route);
  paths["/api/openapi.json"]["get"] =
      Operation({http::Method::kGet, "/api/openapi.json", nullptr, http::Access::kPublic, false,
                 http::Execution::kInline, "This API's OpenAPI 3.1 description"});
  const nlohmann::json document = {
      {"openapi", "3.1.0"},
      {"info", {{"title", "Agile Backlog Automation API"}, {"version", build.version}}},
      {"paths", paths},
      {"components",
       {{"securitySchemes",
         {{"bearer", {{"type", "http"}, {"scheme", "bearer"}, {"bearerFormat", "JWT"}}},
          {"cookie", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "access_token"}}}}}}},
  };
  auto body = std::make_shared<const std::string>(document.dump());
  return [body](const http::Request&) { return http::Response::Json(200, *body); };
}

}  // namespace api
