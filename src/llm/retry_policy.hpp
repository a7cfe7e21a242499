#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace llm {

// Go-style durations as OpenAI sends them in x-ratelimit-reset-*: "12ms", "1s", "1.5s", "6m0s".
std::optional<std::chrono::milliseconds> ParseGoDuration(std::string_view text);

// How long the server asks us to wait: retry-after-ms, else retry-after (seconds or an HTTP date,
// counted from `now`), else the later of x-ratelimit-reset-requests/-tokens when that budget is
// exhausted.
std::optional<std::chrono::milliseconds> ServerRequestedWait(
    const std::map<std::string, std::string>& headers, std::chrono::system_clock::time_point now);

struct RetryOptions {
  int max_attempts = 5;  // HTTP attempts per call, the first included
  std::chrono::milliseconds base_delay{500};
  std::chrono::milliseconds max_delay{8'000};
  // A server-requested wait longer than this is not waited for: the call fails instead.
  std::chrono::milliseconds max_server_wait{60'000};
};

// Exponential backoff: min(base * 2^attempt, max) reduced by up to 25 % (jitter in [0, 1)), so
// many clients that failed together do not come back together.
std::chrono::milliseconds BackoffDelay(const RetryOptions& options, int attempt, double jitter);

}  // namespace llm
