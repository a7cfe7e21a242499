#pragma once

#include <string>
#include <string_view>

#include "http/headers.hpp"

namespace http {

struct Response {
  int status = 200;
  Headers headers;
  std::string body;

  // `json` must already be serialized JSON text.
  static Response Json(int status, std::string json);
  static Response Text(int status, std::string text, std::string_view content_type);
};

}  // namespace http
