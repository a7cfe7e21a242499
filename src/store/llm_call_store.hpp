#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace store {

// One HTTP call to an LLM provider as accounted: tokens, estimated cost, and whom it was for.
struct LlmCallRow {
  std::int64_t at = 0;  // Unix seconds
  std::string provider;
  std::string model;
  std::string agent;
  std::string job_id;
  std::int64_t user_id = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::optional<double> cost_usd;  // nullopt when the model's price is unknown
  std::string outcome;             // "ok", "invalid_output", "rate_limited", ...
  std::int64_t latency_ms = 0;
};

struct UsageTotals {
  std::int64_t calls = 0;
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  double cost_usd = 0;
};

// The accounting of LLM calls, summed per job and per user.
class LlmCallStore {
 public:
  virtual ~LlmCallStore() = default;
  virtual void RecordCall(const LlmCallRow& call) = 0;
  virtual UsageTotals TotalsForJob(std::string_view job_id) = 0;
  virtual UsageTotals TotalsForUser(std::int64_t user_id, std::int64_t since) = 0;
};

// Replies kept under the key of the call that produced them.
class LlmReplyCache {
 public:
  virtual ~LlmReplyCache() = default;
  virtual std::optional<std::string> FindReply(std::string_view key) = 0;
  virtual void SaveReply(std::string_view key, std::string_view content, std::int64_t now) = 0;
};

}  // namespace store
