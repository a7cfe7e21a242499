#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "http/event_stream.hpp"
#include "http/headers.hpp"

namespace http {

class PendingResponse;

struct Response {
  int status = 200;
  Headers headers;
  std::string body;
  // When set, the body is this stream instead of `body` (text/event-stream, chunked).
  std::shared_ptr<EventStream> stream;
  // When set, the real response comes later, from this (see PendingResponse).
  std::shared_ptr<PendingResponse> pending;

  // `json` must already be serialized JSON text.
  static Response Json(int status, std::string json);
  static Response Text(int status, std::string text, std::string_view content_type);
  static Response Later(std::shared_ptr<PendingResponse> pending);
};

}  // namespace http
