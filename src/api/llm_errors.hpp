#pragma once

#include "http/api_error.hpp"
#include "llm/llm_error.hpp"

namespace api {

// The answer for an LLM call that failed inside a request: 502 when the provider refused or
// answered badly (the message says what to fix), 503 with Retry-After when it is busy or
// unreachable, 504 when it did not answer in time.
http::ApiError LlmApiError(const llm::LlmError& error);

}  // namespace api
