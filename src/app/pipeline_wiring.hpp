#pragma once

#include <memory>
#include <string>

#include "agents/gateway.hpp"
#include "agents/vision_assessor.hpp"
#include "agents/vision_optimizer.hpp"
#include "api/services.hpp"
#include "app/config.hpp"
#include "app/llm_wiring.hpp"
#include "http/concurrency_quota.hpp"
#include "pipeline/agent_backlog_generator.hpp"
#include "pipeline/event_bus.hpp"
#include "pipeline/job_runner.hpp"
#include "services/backlog_service.hpp"
#include "services/call_pool.hpp"
#include "services/job_service.hpp"
#include "services/project_service.hpp"
#include "services/tracker_service.hpp"
#include "services/vision_checks.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_pipeline_store.hpp"
#include "store/sql/sql_push_store.hpp"

namespace app {

// Projects, generation and push jobs and the runner that carries them out, over the LLM stack;
// and the tracker the pushes go to.
class PipelineStack {
 public:
  PipelineStack(const Config& config, store::sql::Database& database, LlmStack& llm);
  ~PipelineStack();

  // Starts claiming jobs (resuming those a previous run left unfinished); Stop interrupts the
  // running ones so the next start resumes them.
  void Start() { runner_->Start(); }
  void Stop() { runner_->Stop(); }

  services::ProjectService& projects() { return projects_; }
  services::JobService& jobs() { return jobs_; }
  services::BacklogService& backlogs() { return backlogs_; }
  api::VisionServices vision() { return {*vision_checks_, vision_checks_per_user_}; }
  api::TrackerServices tracker() { return {*tracker_, *tracker_calls_, tracker_tests_per_user_}; }
  pipeline::BacklogGenerator& generator() { return generator_; }
  store::JobStore& job_store() { return store_; }
  // This instance's tracker requests by outcome.
  std::map<std::string, std::uint64_t> tracker_requests() const {
    return tracker_transport_.counts();
  }
  // Wakes this instance's event streams of a job (e.g. on another instance's notification).
  void NotifyJobEvents(std::string_view job_id) { bus_.Notify(job_id); }

 private:
  store::sql::SqlPipelineStore store_;
  store::sql::SqlPushStore push_store_;
  outbound::CurlTransport tracker_curl_;
  outbound::CountingTransport tracker_transport_{tracker_curl_};  // counted for /metrics
  pipeline::EventBus bus_;
  agents::ResolvingGateway gateway_;
  pipeline::AgentBacklogGenerator generator_;
  agents::VisionAssessor assessor_;
  agents::VisionOptimizer optimizer_;
  std::unique_ptr<pipeline::JobRunner> runner_;
  services::ProjectService projects_;
  services::JobService jobs_;
  services::BacklogService backlogs_;
  http::ConcurrencyQuota vision_checks_per_user_;
  std::unique_ptr<services::VisionChecks> vision_checks_;
  std::unique_ptr<services::TrackerService> tracker_;
  http::ConcurrencyQuota tracker_tests_per_user_;
  std::unique_ptr<services::CallPool> tracker_calls_;  // after what its calls use
};

// A worker id unique to this process: host name, process id and a random suffix.
std::string WorkerId();

}  // namespace app
