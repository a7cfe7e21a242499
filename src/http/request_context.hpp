#pragma once

#include <string>
#include <string_view>

namespace http {

// The id of the request the current thread is working on, or "" outside a request. The log
// formatter reads it so every line written while handling a request names that request.
std::string_view CurrentRequestId();

// Marks the current thread as working on a request for the scope's lifetime. `id` must outlive
// the scope.
class RequestIdScope {
 public:
  explicit RequestIdScope(std::string_view id);
  ~RequestIdScope();
  RequestIdScope(const RequestIdScope&) = delete;
  RequestIdScope& operator=(const RequestIdScope&) = delete;

 private:
  std::string_view previous_;
};

// A fresh random request id (16 hex characters).
std::string NewRequestId();

// Whether a client-supplied X-Request-ID is safe to adopt (length and characters), so a proxy's
// id can follow the request without letting a client inject text into log lines.
bool IsAcceptableRequestId(std::string_view id);

}  // namespace http
