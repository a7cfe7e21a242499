#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "http/headers.hpp"
#include "http/response.hpp"

namespace http {

// The one error type handlers and middleware throw for an answer the client should see. `code`
// is stable and machine-readable; `detail` is shown to the client, so it never carries internals
// (those go to the log). Rendered as application/problem+json (RFC 9457).
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string title, std::string detail = {})
      : std::runtime_error(title),
        status_(status),
        code_(std::move(code)),
        title_(std::move(title)),
        detail_(std::move(detail)) {}

  // A validation problem with one field, listed in the answer's "errors" array.
  ApiError& WithFieldError(std::string field, std::string message) {
    field_errors_.push_back({std::move(field), std::move(message)});
    return *this;
  }

  // Extra headers the answer needs: Allow for 405, Retry-After for 429/503.
  ApiError& WithHeader(std::string name, std::string value) {
    headers_.push_back({std::move(name), std::move(value)});
    return *this;
  }

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& title() const { return title_; }
  const std::string& detail() const { return detail_; }
  const std::vector<HeaderField>& headers() const { return headers_; }
  const std::vector<HeaderField>& field_errors() const { return field_errors_; }

 private:
  int status_;
  std::string code_;
  std::string title_;
  std::string detail_;
  std::vector<HeaderField> headers_;
  std::vector<HeaderField> field_errors_;  // name = field, value = message
};

// The problem+json answer for an error.
Response ProblemResponse(const ApiError& error);

// Common errors, so every handler words them the same way.
ApiError NotFoundError(std::string detail = "The requested resource does not exist.");
ApiError BadRequestError(std::string code, std::string detail);

}  // namespace http
