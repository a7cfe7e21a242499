// The operator's series beside the HTTP ones: LLM calls counted per provider, model and outcome
// without unbounded label sets, and label values escaped.
#include "app/ops_metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "store/sql/sql_pipeline_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "support/temp_dir.hpp"

namespace app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class OpsMetricsTest : public ::testing::Test {
 protected:
  OpsMetricsTest() : database_({dir_ / "ops.db", 5000, 2}), store_(database_) {
    database_.Migrate();
  }
  std::string Render() { return metrics_.Render(store_, database_); }

  testing_support::TempDir dir_;
  store::sqlite::SqliteDatabase database_;
  store::sql::SqlPipelineStore store_;
  OpsMetrics metrics_;
};

llm::CallRecord Call(std::string model, std::string outcome, std::int64_t latency_ms) {
  llm::CallRecord call;
  call.provider = "openai";
  call.model = std::move(model);
  call.outcome = std::move(outcome);
  call.prompt_tokens = 100;
  call.completion_tokens = 20;
  call.cost_usd = 0.5;
  call.latency_ms = latency_ms;
  return call;
}

TEST_F(OpsMetricsTest, CountsCallsTokensCostAndLatencyPerModelAndOutcome) {
  metrics_.LlmCall(Call("gpt-4o", "ok", 300));
  metrics_.LlmCall(Call("gpt-4o", "ok", 3000));
  metrics_.LlmCall(Call("gpt-4o", "rate_limited", 50));
  const std::string text = Render();
  const std::string labels = "provider=\"openai\",model=\"gpt-4o\"";
  EXPECT_THAT(text, HasSubstr("backlog_llm_calls_total{" + labels + ",outcome=\"ok\"} 2\n"));
  EXPECT_THAT(text,
              HasSubstr("backlog_llm_calls_total{" + labels + ",outcome=\"rate_limited\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("backlog_llm_tokens_total{" + labels + ",kind=\"prompt\"} 300\n"));
  EXPECT_THAT(text, HasSubstr("backlog_llm_cost_usd_total{" + labels + "} 1.500000\n"));
  EXPECT_THAT(text,
              HasSubstr("backlog_llm_call_duration_seconds_bucket{" + labels + ",le=\"0.1\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("backlog_llm_call_duration_seconds_bucket{" + labels + ",le=\"0.5\"} 2\n"));
  EXPECT_THAT(
      text, HasSubstr("backlog_llm_call_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("backlog_db_size_bytes{backend=\"sqlite\"} "));
  EXPECT_THAT(text, HasSubstr("backlog_job_steps_done 0\n"));
}

TEST_F(OpsMetricsTest, ModelNamesCannotGrowTheSeriesWithoutBoundAndAreEscaped) {
  for (std::size_t i = 0; i < OpsMetrics::kMaxModels + 20; ++i) {
    metrics_.LlmCall(Call("model-" + std::to_string(i), "ok", 10));
  }
  metrics_.LlmCall(Call("odd\"name\\\nx", "ok", 10));
  const std::string text = Render();
  EXPECT_THAT(text, HasSubstr("model=\"other\",outcome=\"ok\"} 21\n"));
  EXPECT_THAT(text, Not(HasSubstr("model-" + std::to_string(OpsMetrics::kMaxModels) + "\"")));
  EXPECT_EQ(PrometheusLabel("odd\"name\\\nx"), "odd\\\"name\\\\\\nx");
}

TEST_F(OpsMetricsTest, BackupsReportTheLastSuccessAndCountFailures) {
  metrics_.BackupFinished(true, 1700000000);
  metrics_.BackupFinished(false, 1700000100);
  const std::string text = Render();
  EXPECT_THAT(text, HasSubstr("backlog_backup_last_success_timestamp_seconds 1700000000\n"));
  EXPECT_THAT(text, HasSubstr("backlog_backup_failures_total 1\n"));
}

TEST(OutboundMetrics, SumEndpointsPerProviderWithoutUrlsAndCountTrackerOutcomes) {
  using State = llm::CircuitBreaker::State;
  // Two endpoints of OpenAI (the server's key and a user's own), one of them failing fast.
  const std::vector<llm::EndpointStatus> endpoints = {{"OpenAI", {3, 1.5}, 2, State::kOpen},
                                                      {"OpenAI", {1, 0.25}, 1, State::kClosed},
                                                      {"Ollama", {0, 0}, 0, State::kClosed}};
  const std::string text =
      RenderOutboundMetrics(endpoints, {{"2xx", 40}, {"429", 2}, {"timeout", 1}});
  EXPECT_THAT(text, HasSubstr("backlog_llm_limiter_waits_total{provider=\"OpenAI\"} 4\n"));
  EXPECT_THAT(text,
              HasSubstr("backlog_llm_limiter_wait_seconds_total{provider=\"OpenAI\"} 1.750\n"));
  EXPECT_THAT(text, HasSubstr("backlog_llm_in_flight{provider=\"OpenAI\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("backlog_llm_breaker_open{provider=\"OpenAI\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("backlog_llm_breaker_open{provider=\"Ollama\"} 0\n"));
  EXPECT_THAT(text, HasSubstr("backlog_tracker_requests_total{outcome=\"429\"} 2\n"));
  EXPECT_THAT(text, HasSubstr("backlog_tracker_requests_total{outcome=\"2xx\"} 40\n"));
}

}  // namespace
}  // namespace app
