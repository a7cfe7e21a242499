#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace services {

// What a use case refuses, and why, without HTTP in it: one place in api/ maps each kind to a
// status. `code` is the stable machine-readable name clients branch on; the message is written
// for the person using the service.
enum class ErrorKind {
  kNotFound,     // no such thing for this caller (another user's counts as none)
  kInvalid,      // a field's value breaks a rule; `field` names it
  kBadRequest,   // the request as a whole is wrong (an unknown format, say)
  kConflict,     // the thing's current state forbids it (a job is running)
  kTooMany,      // a per-user cap is reached; retry later
  kUnavailable,  // the service cannot take more right now; retry shortly
};

class ServiceError : public std::runtime_error {
 public:
  ServiceError(ErrorKind kind, std::string code, const std::string& message, std::string field = {},
               std::int64_t retry_after_seconds = 0)
      : std::runtime_error(message),
        kind_(kind),
        code_(std::move(code)),
        field_(std::move(field)),
        retry_after_seconds_(retry_after_seconds) {}

  static ServiceError NotFound(const std::string& message) {
    return {ErrorKind::kNotFound, "not_found", message};
  }
  static ServiceError Invalid(std::string field, const std::string& message) {
    return {ErrorKind::kInvalid, "validation_failed", message, std::move(field)};
  }

  ErrorKind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& field() const { return field_; }
  std::int64_t retry_after_seconds() const { return retry_after_seconds_; }

 private:
  ErrorKind kind_;
  std::string code_;
  std::string field_;
  std::int64_t retry_after_seconds_;
};

}  // namespace services
