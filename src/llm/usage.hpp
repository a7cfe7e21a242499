#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace llm {

// One HTTP call to a provider, as accounted: tokens, estimated cost, and whom it was for.
struct CallRecord {
  std::int64_t at = 0;  // Unix seconds
  std::string provider;
  std::string model;
  std::string agent;
  std::string job_id;
  std::int64_t user_id = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::optional<double> cost_usd;  // nullopt when the model is not in the price table
  std::string outcome;             // "ok", "invalid_output", "truncated", "rate_limited", ...
  std::int64_t latency_ms = 0;
};

class UsageRecorder {
 public:
  virtual ~UsageRecorder() = default;
  virtual void Record(const CallRecord& record) = 0;
};

// Replays identical calls (provider, model, messages, schema) so reruns and resumes cost nothing.
class ResponseCache {
 public:
  virtual ~ResponseCache() = default;
  virtual std::optional<std::string> Find(const std::string& key) = 0;
  virtual void Store(const std::string& key, const std::string& content) = 0;
};

}  // namespace llm
