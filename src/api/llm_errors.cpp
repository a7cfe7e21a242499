#include "api/llm_errors.hpp"

namespace api {

http::ApiError LlmApiError(const llm::LlmError& error) {
  using llm::LlmErrorKind;
  switch (error.kind()) {
    case LlmErrorKind::kRateLimited:
    case LlmErrorKind::kUnavailable:
    case LlmErrorKind::kConnection:
    case LlmErrorKind::kCircuitOpen:
      return http::ApiError(503, "llm_unavailable", "Service Unavailable", error.what())
          .WithHeader("Retry-After", "30");
    case LlmErrorKind::kTimeout:
      return http::ApiError(504, "llm_timeout", "Gateway Timeout", error.what());
    case LlmErrorKind::kCancelled:
      return http::ApiError(503, "llm_cancelled", "Service Unavailable", error.what());
    case LlmErrorKind::kAuthentication:
    case LlmErrorKind::kQuota:
    case LlmErrorKind::kBadRequest:
    case LlmErrorKind::kInvalidOutput:
    case LlmErrorKind::kTruncated:
      break;
  }
  return http::ApiError(502, "llm_failed", "Bad Gateway", error.what());
}

}  // namespace api
