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
#include "services/vision_checks.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_pipeline_store.hpp"

namespace app {

// Projects, generation jobs and the runner that carries them out, over the LLM stack.
class PipelineStack {
 public:
  PipelineStack(const Config& config, store::sqlite::SqliteDatabase& database, LlmStack& llm);
  ~PipelineStack();

  // Starts claiming jobs (resuming those a previous run left unfinished); Stop interrupts the
  // running ones so the next start resumes them.
  void Start() { runner_->Start(); }
  void Stop() { runner_->Stop(); }

  const api::PipelineServices& services() const { return *services_; }
  store::sqlite::SqlitePipelineStore& store() { return store_; }
  pipeline::EventBus& bus() { return bus_; }
  pipeline::BacklogGenerator& generator() { return generator_; }

 private:
  store::sqlite::SqlitePipelineStore store_;
  pipeline::EventBus bus_;
  agents::ResolvingGateway gateway_;
  pipeline::AgentBacklogGenerator generator_;
  agents::VisionAssessor assessor_;
  agents::VisionOptimizer optimizer_;
  std::unique_ptr<pipeline::JobRunner> runner_;
  http::ConcurrencyQuota vision_checks_per_user_;
  std::unique_ptr<services::VisionChecks> vision_checks_;
  std::unique_ptr<api::PipelineServices> services_;
};

// A worker id unique to this process: host name, process id and a random suffix.
std::string WorkerId();

}  // namespace app
