#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "llm/llm_client.hpp"
#include "llm/usage.hpp"
#include "store/database.hpp"
#include "store/pipeline_store.hpp"

namespace app {

// What /metrics adds beside the HTTP series: this instance's LLM calls (by provider, model and
// outcome, with tokens, cost and a latency histogram) and scheduled backups; and, read from the
// database at each scrape, jobs by kind and state, finished steps and the database's size.
// Database-wide figures are the same on every instance (aggregate them with max, not sum).
class OpsMetrics {
 public:
  static constexpr std::array<double, 10> kLlmLatencyBuckets{0.1, 0.25, 0.5, 1,  2.5,
                                                             5,   10,   30,  60, 120};
  // Distinct provider/model pairs kept as their own series; later ones count as model "other",
  // so model names users type cannot grow the series without bound.
  static constexpr std::size_t kMaxModels = 50;

  void LlmCall(const llm::CallRecord& call);
  void BackupFinished(bool ok, std::int64_t unix_time);

  // The exposition text of all the above.
  std::string Render(store::JobStore& jobs, store::Database& database);

 private:
  struct LlmSeries {
    std::uint64_t calls = 0;
  };
  struct ModelTotals {
    std::uint64_t prompt_tokens = 0;
    std::uint64_t completion_tokens = 0;
    double cost_usd = 0;
    std::uint64_t latency_count = 0;
    double latency_sum = 0;
    std::array<std::uint64_t, kLlmLatencyBuckets.size()> latency_buckets{};  // non-cumulative
  };
  using ModelKey = std::pair<std::string, std::string>;  // provider, model

  std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, std::string>, std::uint64_t> calls_;
  std::map<ModelKey, ModelTotals> models_;
  std::int64_t last_backup_ok_ = 0;
  std::uint64_t backup_failures_ = 0;
};

// This instance's LLM endpoints (limiter waits, calls in flight, breaker state) by provider,
// and its tracker requests by outcome.
std::string RenderOutboundMetrics(const std::vector<llm::EndpointStatus>& endpoints,
                                  const std::map<std::string, std::uint64_t>& tracker_requests);

// A Prometheus label value with backslash, quote and newline escaped.
std::string PrometheusLabel(std::string_view value);

}  // namespace app
