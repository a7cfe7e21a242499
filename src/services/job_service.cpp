#include "services/job_service.hpp"

#include "backlog/project_rules.hpp"
#include "pipeline/tree_rows.hpp"
#include "services/service_error.hpp"

namespace services {
namespace {

constexpr std::int64_t kJobsListed = 50;

ServiceError NoSuchJob() { return ServiceError::NotFound("No such job."); }

}  // namespace

pipeline::VisionRequest CheckedVisionRequest(std::string vision, std::vector<std::string> domains) {
  if (auto problem = backlog::VisionProblem(vision))
    throw ServiceError::Invalid("vision", *problem);
  if (domains.empty()) throw ServiceError::Invalid("domains", "Choose one to three domains.");
  if (auto problem = backlog::DomainsProblem(domains)) {
    const bool unknown = problem->starts_with("Unknown");
    throw ServiceError::Invalid("domains", *problem + (unknown ? " See GET /api/domains." : ""));
  }
  return {std::move(vision), backlog::UniqueDomains(domains)};
}

JobService::JobService(store::JobStore& jobs, store::ProjectStore& projects,
                       pipeline::EventBus& bus, std::function<void()> wake_runner,
                       JobServiceOptions options, WallClock clock)
    : jobs_(jobs),
      projects_(projects),
      bus_(bus),
      wake_runner_(std::move(wake_runner)),
      options_(options),
      clock_(std::move(clock)) {}

store::JobRow JobService::Queue(std::int64_t owner, const std::string& project_id,
                                store::JobKind kind, const nlohmann::json& options) {
  return Queue(
      owner, project_id, kind, options,
      [this](const store::JobRow& job, std::string_view first_event, std::int64_t max_queued) {
        return jobs_.CreateJob(job, first_event, max_queued);
      });
}

store::JobRow JobService::Queue(std::int64_t owner, const std::string& project_id,
                                store::JobKind kind, const nlohmann::json& options,
                                const JobWriter& create) {
  store::JobRow job;
  job.id = pipeline::NewId("job");
  job.project_id = project_id;
  job.owner_id = owner;
  job.kind = kind;
  job.state = store::JobState::kQueued;
  job.options = options.dump();
  job.created_at = clock_();
  const store::JobCreation creation =
      create(job, nlohmann::json{{"state", store::JobStateName(job.state)}}.dump(),
             options_.max_queued_per_user);
  switch (creation.outcome) {
    case store::JobCreation::Outcome::kCreated:
      break;
    case store::JobCreation::Outcome::kProjectBusy:
      throw ServiceError(ErrorKind::kConflict, "job_running",
                         "A job is already queued or running for this project (" +
                             creation.active_job_id + "); wait for it or cancel it.");
    case store::JobCreation::Outcome::kOwnerQueueFull:
      throw ServiceError(ErrorKind::kTooMany, "too_many_jobs",
                         "You have " + std::to_string(options_.max_queued_per_user) +
                             " jobs waiting to run, the most allowed; wait for some to start or "
                             "cancel them.",
                         {}, 30);
  }
  if (wake_runner_) wake_runner_();
  return job;
}

store::JobRow JobService::StartGeneration(std::int64_t owner, std::string_view project_id,
                                          bool replace) {
  const auto project = projects_.FindProject(project_id, owner);
  if (!project) throw ServiceError::NotFound("No such project.");
  if (!replace && !projects_.Nodes(project->id).empty()) {
    throw ServiceError(ErrorKind::kConflict, "backlog_exists",
                       "The project already has a backlog; send {\"replace\": true} to generate "
                       "a new one in its place.");
  }
  return Queue(owner, project->id, store::JobKind::kGenerate, {{"replace", replace}});
}

store::JobRow JobService::StartVisionOptimization(std::int64_t owner,
                                                  const pipeline::VisionRequest& request) {
  return Queue(owner, "", store::JobKind::kOptimizeVision, request.ToOptions());
}

store::JobRow JobService::Get(std::int64_t owner, std::string_view job_id) {
  auto job = jobs_.FindJob(job_id, owner);
  if (!job) throw NoSuchJob();
  return std::move(*job);
}

JobStatus JobService::Status(std::int64_t owner, std::string_view job_id) {
  return StatusOf(Get(owner, job_id));
}

JobStatus JobService::StatusOf(const store::JobRow& job) {
  return {job, jobs_.LastEvent(job.id, "progress"), jobs_.LastSeq(job.id)};
}

std::vector<store::JobRow> JobService::ListForProject(std::int64_t owner,
                                                      std::string_view project_id) {
  if (!projects_.FindProject(project_id, owner)) throw ServiceError::NotFound("No such project.");
  return jobs_.ListJobs(project_id, owner, kJobsListed, 0);
}

JobStatus JobService::Cancel(std::int64_t owner, std::string_view job_id) {
  const store::JobRow job = Get(owner, job_id);
  if (store::IsFinal(job.state)) {
    throw ServiceError(
        ErrorKind::kConflict, "job_finished",
        "The job has already finished (" + std::string(store::JobStateName(job.state)) + ").");
  }
  jobs_.RequestCancel(job.id, owner, clock_());
  bus_.Notify(job.id);
  return Status(owner, job.id);
}

std::vector<store::EventRow> JobService::Events(std::string_view job_id, std::int64_t after_seq,
                                                std::int64_t limit) {
  return jobs_.Events(job_id, after_seq, limit);
}

std::uint64_t JobService::Subscribe(const std::string& job_id, std::function<void()> wake) {
  return bus_.Subscribe(job_id, std::move(wake));
}

void JobService::Unsubscribe(std::uint64_t subscription) { bus_.Unsubscribe(subscription); }

}  // namespace services
