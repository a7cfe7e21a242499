#pragma once

#include <chrono>
#include <stdexcept>
#include <string>

namespace llm {

enum class LlmErrorKind {
  kAuthentication,  // 401/403: the key is wrong or not allowed; retrying cannot help
  kQuota,           // 429 insufficient_quota: billing, not speed
  kBadRequest,      // 400/404/422: the request or the model name is wrong
  kRateLimited,     // still rate-limited after every retry
  kUnavailable,     // 5xx after every retry
  kTimeout,         // no answer in time after every retry
  kConnection,      // the endpoint could not be reached after every retry
  kCircuitOpen,     // the endpoint failed repeatedly; calls are paused
  kInvalidOutput,   // the reply did not match the schema even after one repair
  kTruncated,       // the reply was cut off even with a larger token limit
  kCancelled,       // the job that owns the call was cancelled
};

// A failed LLM call, with a message a user can act on ("the OpenAI API key is invalid").
class LlmError : public std::runtime_error {
 public:
  LlmError(LlmErrorKind kind, const std::string& message)
      : std::runtime_error(message), kind_(kind) {}
  LlmErrorKind kind() const { return kind_; }
  // Whether a later, separate attempt (another job run) might succeed.
  bool transient() const {
    return kind_ == LlmErrorKind::kRateLimited || kind_ == LlmErrorKind::kUnavailable ||
           kind_ == LlmErrorKind::kTimeout || kind_ == LlmErrorKind::kConnection ||
           kind_ == LlmErrorKind::kCircuitOpen;
  }

 private:
  LlmErrorKind kind_;
};

}  // namespace llm
