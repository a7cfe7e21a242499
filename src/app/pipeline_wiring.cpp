#include "app/pipeline_wiring.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "api/project_access.hpp"
#include "pipeline/generation_job.hpp"
#include "pipeline/tree_rows.hpp"
#include "pipeline/vision_job.hpp"

namespace app {

std::string WorkerId() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "host") + ":" + std::to_string(getpid()) + ":" +
         pipeline::NewId("w");
}

PipelineStack::PipelineStack(const Config& config, store::sqlite::SqliteDatabase& database,
                             LlmStack& llm)
    : store_(database),
      gateway_(llm.client(), llm.models()),
      generator_(gateway_),
      assessor_(gateway_),
      optimizer_(gateway_),
      vision_checks_per_user_(config.vision_checks_per_user) {
  pipeline::GenerationOptions generation;
  generation.max_item_attempts = config.job_max_item_attempts;
  generation.threads = config.job_step_threads;
  auto& usage_store = llm.store();

  // Generate and regenerate jobs work on a project; it is read as the job's owner sees it.
  const auto generation_job = [this, generation, &usage_store](const store::JobRow& job) {
    const auto row = store_.FindProject(job.project_id, job.owner_id);
    if (!row) throw std::runtime_error("the project no longer exists");
    pipeline::JobDependencies dependencies{
        store_, store_, generator_, bus_,
        [&usage_store](std::string_view job_id) { return usage_store.TotalsForJob(job_id); }};
    return std::make_unique<pipeline::GenerationJob>(job, api::ProjectFromRow(*row),
                                                     std::move(dependencies), generation);
  };
  std::map<std::string, pipeline::JobFactory> factories = {
      {"generate", generation_job},
      {"regenerate", generation_job},
      {"optimize_vision",
       [this](const store::JobRow& job) {
         return std::make_unique<pipeline::VisionOptimizationJob>(job, assessor_, optimizer_,
                                                                  store_, bus_);
       }},
  };
  pipeline::RunnerOptions runner;
  runner.worker_id = WorkerId();
  runner.concurrent_jobs = config.job_concurrency;
  runner.lease = config.job_lease;
  runner_ = std::make_unique<pipeline::JobRunner>(runner, store_, bus_, std::move(factories));
  vision_checks_ = std::make_unique<services::VisionChecks>(
      services::VisionCheckOptions{config.vision_check_threads}, assessor_);
  services_ = std::make_unique<api::PipelineServices>(api::PipelineServices{
      store_, store_, store_, bus_, *runner_, *vision_checks_, vision_checks_per_user_,
      static_cast<std::int64_t>(config.max_queued_jobs_per_user)});
}

PipelineStack::~PipelineStack() { runner_->Stop(); }

}  // namespace app
