#include "http/response.hpp"

#include <utility>

namespace http {

Response Response::Json(int status, std::string json) {
  return Text(status, std::move(json), "application/json");
}

Response Response::Text(int status, std::string text, std::string_view content_type) {
  Response response;
  response.status = status;
  response.headers.Set("Content-Type", content_type);
  response.body = std::move(text);
  return response;
}

Response Response::Later(std::shared_ptr<PendingResponse> pending) {
  Response response;
  response.pending = std::move(pending);
  return response;
}

}  // namespace http
