#include "app/ops_metrics.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace app {

std::string PrometheusLabel(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void OpsMetrics::LlmCall(const llm::CallRecord& call) {
  std::lock_guard lock(mutex_);
  ModelKey key{call.provider, call.model};
  if (!models_.contains(key) && models_.size() >= kMaxModels) key.second = "other";
  ++calls_[{key.first, key.second, call.outcome}];
  ModelTotals& totals = models_[key];
  totals.prompt_tokens += static_cast<std::uint64_t>(std::max<std::int64_t>(0, call.prompt_tokens));
  totals.completion_tokens +=
      static_cast<std::uint64_t>(std::max<std::int64_t>(0, call.completion_tokens));
  if (call.cost_usd) totals.cost_usd += *call.cost_usd;
  const double seconds = static_cast<double>(call.latency_ms) / 1000.0;
  ++totals.latency_count;
  totals.latency_sum += seconds;
  for (std::size_t i = 0; i < kLlmLatencyBuckets.size(); ++i) {
    if (seconds <= kLlmLatencyBuckets[i]) {
      ++totals.latency_buckets[i];
      break;
    }
  }
}

void OpsMetrics::BackupFinished(bool ok, std::int64_t unix_time) {
  std::lock_guard lock(mutex_);
  if (ok) {
    last_backup_ok_ = unix_time;
  } else {
    ++backup_failures_;
  }
}

std::string RenderOutboundMetrics(const std::vector<llm::EndpointStatus>& endpoints,
                                  const std::map<std::string, std::uint64_t>& tracker_requests) {
  struct Provider {
    std::uint64_t waits = 0;
    double wait_seconds = 0;
    int in_flight = 0;
    int open = 0;  // endpoints whose breaker is open or probing
  };
  // Users' own keys make endpoints of their own; the series stay one per provider.
  std::map<std::string, Provider> providers;
  for (const auto& endpoint : endpoints) {
    Provider& provider = providers[endpoint.provider];
    provider.waits += endpoint.waits.calls;
    provider.wait_seconds += endpoint.waits.seconds;
    provider.in_flight += endpoint.in_flight;
    if (endpoint.breaker != llm::CircuitBreaker::State::kClosed) ++provider.open;
  }
  std::string out =
      "# HELP backlog_llm_limiter_waits_total LLM calls that waited for their endpoint's limits.\n"
      "# TYPE backlog_llm_limiter_waits_total counter\n";
  for (const auto& [name, provider] : providers) {
    out += fmt::format("backlog_llm_limiter_waits_total{{provider=\"{}\"}} {}\n",
                       PrometheusLabel(name), provider.waits);
  }
  out +=
      "# HELP backlog_llm_limiter_wait_seconds_total Time LLM calls spent waiting for limits.\n"
      "# TYPE backlog_llm_limiter_wait_seconds_total counter\n";
  for (const auto& [name, provider] : providers) {
    out += fmt::format("backlog_llm_limiter_wait_seconds_total{{provider=\"{}\"}} {:.3f}\n",
                       PrometheusLabel(name), provider.wait_seconds);
  }
  out +=
      "# HELP backlog_llm_in_flight LLM calls in progress on this instance.\n"
      "# TYPE backlog_llm_in_flight gauge\n";
  for (const auto& [name, provider] : providers) {
    out += fmt::format("backlog_llm_in_flight{{provider=\"{}\"}} {}\n", PrometheusLabel(name),
                       provider.in_flight);
  }
  out +=
      "# HELP backlog_llm_breaker_open Endpoints of a provider whose circuit breaker is open "
      "(calls fail fast) or letting a probe through.\n"
      "# TYPE backlog_llm_breaker_open gauge\n";
  for (const auto& [name, provider] : providers) {
    out += fmt::format("backlog_llm_breaker_open{{provider=\"{}\"}} {}\n", PrometheusLabel(name),
                       provider.open);
  }
  out +=
      "# HELP backlog_tracker_requests_total Requests to the tracker (Azure DevOps) by outcome.\n"
      "# TYPE backlog_tracker_requests_total counter\n";
  for (const auto& [outcome, count] : tracker_requests) {
    out += fmt::format("backlog_tracker_requests_total{{outcome=\"{}\"}} {}\n",
                       PrometheusLabel(outcome), count);
  }
  return out;
}

std::string OpsMetrics::Render(store::JobStore& jobs, store::Database& database) {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out +=
        "# HELP backlog_llm_calls_total LLM calls made by this instance.\n"
        "# TYPE backlog_llm_calls_total counter\n";
    for (const auto& [key, count] : calls_) {
      const auto& [provider, model, outcome] = key;
      out += fmt::format(
          "backlog_llm_calls_total{{provider=\"{}\",model=\"{}\",outcome=\"{}\"}} {}\n",
          PrometheusLabel(provider), PrometheusLabel(model), PrometheusLabel(outcome), count);
    }
    out +=
        "# HELP backlog_llm_tokens_total Tokens of this instance's LLM calls.\n"
        "# TYPE backlog_llm_tokens_total counter\n";
    for (const auto& [key, totals] : models_) {
      const std::string labels = fmt::format(
          "provider=\"{}\",model=\"{}\"", PrometheusLabel(key.first), PrometheusLabel(key.second));
      out += fmt::format("backlog_llm_tokens_total{{{},kind=\"prompt\"}} {}\n", labels,
                         totals.prompt_tokens);
      out += fmt::format("backlog_llm_tokens_total{{{},kind=\"completion\"}} {}\n", labels,
                         totals.completion_tokens);
    }
    out +=
        "# HELP backlog_llm_cost_usd_total Estimated cost of this instance's LLM calls.\n"
        "# TYPE backlog_llm_cost_usd_total counter\n";
    for (const auto& [key, totals] : models_) {
      out += fmt::format("backlog_llm_cost_usd_total{{provider=\"{}\",model=\"{}\"}} {:.6f}\n",
                         PrometheusLabel(key.first), PrometheusLabel(key.second), totals.cost_usd);
    }
    out +=
        "# HELP backlog_llm_call_duration_seconds Duration of this instance's LLM calls.\n"
        "# TYPE backlog_llm_call_duration_seconds histogram\n";
    for (const auto& [key, totals] : models_) {
      const std::string labels = fmt::format(
          "provider=\"{}\",model=\"{}\"", PrometheusLabel(key.first), PrometheusLabel(key.second));
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kLlmLatencyBuckets.size(); ++i) {
        cumulative += totals.latency_buckets[i];
        out += fmt::format("backlog_llm_call_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                           kLlmLatencyBuckets[i], cumulative);
      }
      out += fmt::format("backlog_llm_call_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels,
                         totals.latency_count);
      out += fmt::format("backlog_llm_call_duration_seconds_sum{{{}}} {:.3f}\n", labels,
                         totals.latency_sum);
      out += fmt::format("backlog_llm_call_duration_seconds_count{{{}}} {}\n", labels,
                         totals.latency_count);
    }
    out += fmt::format(
        "# HELP backlog_backup_last_success_timestamp_seconds When this instance last wrote a "
        "scheduled backup (0: never).\n"
        "# TYPE backlog_backup_last_success_timestamp_seconds gauge\n"
        "backlog_backup_last_success_timestamp_seconds {}\n"
        "# HELP backlog_backup_failures_total Scheduled backups of this instance that failed.\n"
        "# TYPE backlog_backup_failures_total counter\n"
        "backlog_backup_failures_total {}\n",
        last_backup_ok_, backup_failures_);
  }
  // Database-wide: read at each scrape; a failing database leaves these out, not the rest.
  try {
    out +=
        "# HELP backlog_jobs Jobs in the database by kind and state.\n"
        "# TYPE backlog_jobs gauge\n";
    for (const auto& count : jobs.CountJobs()) {
      out +=
          fmt::format("backlog_jobs{{kind=\"{}\",state=\"{}\"}} {}\n",
                      store::JobKindName(count.kind), store::JobStateName(count.state), count.jobs);
    }
    out += fmt::format(
        "# HELP backlog_job_steps_done Generation steps finished, in the database.\n"
        "# TYPE backlog_job_steps_done gauge\nbacklog_job_steps_done {}\n",
        jobs.CountFinishedSteps());
    const store::Database::StorageUse storage = database.storage_use();
    const std::string backend = PrometheusLabel(database.backend());
    out += fmt::format(
        "# HELP backlog_db_size_bytes Size of the database.\n"
        "# TYPE backlog_db_size_bytes gauge\nbacklog_db_size_bytes{{backend=\"{}\"}} {}\n",
        backend, storage.database_bytes);
    if (storage.wal_bytes) {
      out += fmt::format(
          "# HELP backlog_db_wal_bytes Size of the database's write-ahead log.\n"
          "# TYPE backlog_db_wal_bytes gauge\nbacklog_db_wal_bytes{{backend=\"{}\"}} {}\n",
          backend, *storage.wal_bytes);
    }
  } catch (const std::exception& error) {
    spdlog::warn("metrics: the database figures are missing: {}", error.what());
  }
  return out;
}

}  // namespace app
