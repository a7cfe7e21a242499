#include "http/cors.hpp"

#include <algorithm>
#include <memory>

#include "http/api_error.hpp"

namespace http {
namespace {

constexpr std::string_view kAllowedMethods = "GET, POST, PUT, PATCH, DELETE";
constexpr std::string_view kAllowedHeaders =
    "Authorization, Content-Type, X-CSRF-Token, X-Request-ID, Last-Event-ID";
constexpr std::string_view kExposedHeaders =
    "X-Request-ID, Retry-After, RateLimit, RateLimit-Policy";

void AddVaryOrigin(Response& response) {
  const auto vary = response.headers.Find("Vary");
  if (!vary) {
    response.headers.Set("Vary", "Origin");
  } else if (vary->find("Origin") == std::string_view::npos) {
    response.headers.Set("Vary", std::string(*vary) + ", Origin");
  }
}

}  // namespace

Middleware CorsMiddleware(std::vector<std::string> allowed_origins) {
  auto origins = std::make_shared<const std::vector<std::string>>(std::move(allowed_origins));
  return [origins](Request& request, const Next& next) -> Response {
    const auto origin = request.headers.Find("Origin");
    const bool allowed = origin && *origin != "null" &&
                         std::find(origins->begin(), origins->end(), *origin) != origins->end();
    const bool preflight = request.method == Method::kOptions &&
                           request.headers.Contains("Access-Control-Request-Method");
    if (preflight) {
      if (!allowed) {
        Response refused = ProblemResponse(ApiError(403, "cors_origin_not_allowed", "Forbidden",
                                                    "This origin may not call the API."));
        AddVaryOrigin(refused);
        return refused;
      }
      Response response;
      response.status = 204;
      response.headers.Set("Access-Control-Allow-Origin", *origin);
      response.headers.Set("Access-Control-Allow-Credentials", "true");
      response.headers.Set("Access-Control-Allow-Methods", kAllowedMethods);
      response.headers.Set("Access-Control-Allow-Headers", kAllowedHeaders);
      response.headers.Set("Access-Control-Max-Age", "600");
      AddVaryOrigin(response);
      return response;
    }
    Response response = next(request);
    if (allowed) {
      response.headers.Set("Access-Control-Allow-Origin", *origin);
      response.headers.Set("Access-Control-Allow-Credentials", "true");
      response.headers.Set("Access-Control-Expose-Headers", kExposedHeaders);
    }
    // Only requests that carry an Origin can get a different answer because of it.
    if (origin) AddVaryOrigin(response);
    return response;
  };
}

}  // namespace http
