#include "app/pipeline_wiring.hpp"

#include <unistd.h>

#include <nlohmann/json.hpp>

#include "pipeline/generation_job.hpp"
#include "pipeline/tree_rows.hpp"
#include "pipeline/vision_job.hpp"
#include "tracker/push_cleanup.hpp"
#include "tracker/push_job.hpp"

namespace app {
namespace {

// Where people reach this service, for the links pushed items carry back to it.
std::string ListenHost(const std::string& host) {
  if (host.empty() || host == "0.0.0.0" || host == "::") return "127.0.0.1";
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

services::TrackerServiceOptions TrackerOptions(const Config& config) {
  services::TrackerServiceOptions options;
  options.server.organization_url = config.azure_devops_org_url;
  options.server.project = config.azure_devops_project;
  options.server.area_path = config.azure_devops_area_path;
  options.server.iteration_path = config.azure_devops_iteration_path;
  options.server_pat = config.azure_devops_pat;
  options.allowed_hosts = config.tracker_allowed_hosts;
  options.client.api_version = config.azure_devops_api_version;
  options.client.batch_api_version = config.azure_devops_batch_api_version;
  options.client.request_timeout = config.azure_devops_timeout;
  return options;
}

}  // namespace

std::string WorkerId() {
  char host[256] = {};
  if (gethostname(host, sizeof(host) - 1) != 0) host[0] = '\0';
  return std::string(host[0] ? host : "host") + ":" + std::to_string(getpid()) + ":" +
         pipeline::NewId("w");
}

PipelineStack::PipelineStack(const Config& config, store::sql::Database& database, LlmStack& llm)
    : store_(database),
      push_store_(database),
      gateway_(llm.client(), llm.models()),
      generator_(gateway_),
      assessor_(gateway_),
      optimizer_(gateway_),
      projects_(store_, store_, store_),
      jobs_(store_, store_, bus_, [this] { runner_->Wake(); },
            {static_cast<std::int64_t>(config.max_queued_jobs_per_user)}),
      backlogs_(store_, projects_, jobs_),
      vision_checks_per_user_(config.vision_checks_per_user),
      tracker_tests_per_user_(1) {
  pipeline::GenerationOptions generation;
  generation.max_item_attempts = config.job_max_item_attempts;
  generation.threads = config.job_step_threads;
  auto& usage_store = llm.store();
  auto& clock = llm.clock();

  // Generate and regenerate jobs work on a project; it is read as the job's owner sees it.
  const auto generation_job = [this, generation, &usage_store, &clock](const store::JobRow& job) {
    const auto row = store_.FindProject(job.project_id, job.owner_id);
    if (!row) throw std::runtime_error("the project no longer exists");
    pipeline::JobDependencies dependencies{
        store_,
        store_,
        generator_,
        bus_,
        [&usage_store](std::string_view job_id) { return usage_store.TotalsForJob(job_id); },
        clock};
    return std::make_unique<pipeline::GenerationJob>(job, services::ProjectFromRow(*row),
                                                     std::move(dependencies), generation);
  };
  std::map<store::JobKind, pipeline::JobFactory> factories = {
      {store::JobKind::kGenerate, generation_job},
      {store::JobKind::kRegenerate, generation_job},
      {store::JobKind::kOptimizeVision,
       [this, &clock](const store::JobRow& job) {
         return std::make_unique<pipeline::VisionOptimizationJob>(job, assessor_, optimizer_,
                                                                  store_, bus_, clock);
       }},
  };
  tracker_ = std::make_unique<services::TrackerService>(push_store_, projects_, jobs_, backlogs_,
                                                        llm.secrets(), tracker_transport_, clock,
                                                        TrackerOptions(config));
  const std::string public_url = config.public_url.empty() ? "http://" + ListenHost(config.host) +
                                                                 ":" + std::to_string(config.port)
                                                           : config.public_url;
  const auto push_dependencies = [this, &clock, public_url,
                                  client_options = TrackerOptions(config).client,
                                  batch_size = config.azure_devops_batch_size] {
    return tracker::PushJobDependencies{store_,
                                        push_store_,
                                        bus_,
                                        tracker_transport_,
                                        clock,
                                        [this](std::int64_t owner, const std::string& project_id) {
                                          return tracker_->Target(owner, project_id);
                                        },
                                        [this](const store::JobRow& push_job) {
                                          return backlogs_.Tree(push_job.owner_id,
                                                                push_job.project_id);
                                        },
                                        client_options,
                                        public_url,
                                        batch_size};
  };
  factories[store::JobKind::kPush] = [push_dependencies](const store::JobRow& job) {
    return std::make_unique<tracker::PushJob>(job, push_dependencies());
  };
  factories[store::JobKind::kPushCleanup] = [push_dependencies](const store::JobRow& job) {
    return std::make_unique<tracker::PushCleanupJob>(job, push_dependencies());
  };
  pipeline::RunnerOptions runner;
  runner.worker_id = WorkerId();
  runner.concurrent_jobs = config.job_concurrency;
  runner.lease = config.job_lease;
  runner_ =
      std::make_unique<pipeline::JobRunner>(runner, store_, bus_, std::move(factories), clock);
  vision_checks_ = std::make_unique<services::VisionChecks>(
      services::VisionCheckOptions{config.vision_check_threads}, assessor_);
  tracker_calls_ = std::make_unique<services::CallPool>(4, 64);
}

PipelineStack::~PipelineStack() { runner_->Stop(); }

}  // namespace app
