#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/event_bus.hpp"
#include "pipeline/vision_job.hpp"
#include "services/project_service.hpp"
#include "store/pipeline_store.hpp"

namespace services {

struct JobServiceOptions {
  std::int64_t max_queued_per_user = 10;  // 0: no cap (a private database, as the CLI's)
};

// A vision and its domains as the project rules want them (domains made unique); kInvalid
// naming the field otherwise. For the quality check and the optimization job.
pipeline::VisionRequest CheckedVisionRequest(std::string vision, std::vector<std::string> domains);

// A job as its owner sees it: the row, its latest progress event and its newest event id.
struct JobStatus {
  store::JobRow job;
  std::optional<store::EventRow> progress;
  std::int64_t last_event_id = 0;
};

// Jobs: queuing (the one place a job is created, for the API and the CLI alike), reading,
// cancelling, and their event logs. Owner-scoped like ProjectService.
class JobService {
 public:
  JobService(store::JobStore& jobs, store::ProjectStore& projects, pipeline::EventBus& bus,
             std::function<void()> wake_runner, JobServiceOptions options,
             WallClock clock = SystemSeconds);

  // Queues a job of `kind` for the owner (on `project_id`, or on none). Refused with kConflict
  // while the project has a job queued or running, and with kTooMany when the owner already
  // has max_queued_per_user jobs waiting.
  store::JobRow Queue(std::int64_t owner, const std::string& project_id, store::JobKind kind,
                      const nlohmann::json& options);
  // The same, with `create` writing the job (and what belongs with it, in its transaction)
  // instead of JobStore::CreateJob; it is given the job, its first event and the queue cap.
  using JobWriter = std::function<store::JobCreation(
      const store::JobRow& job, std::string_view first_event, std::int64_t max_queued)>;
  store::JobRow Queue(std::int64_t owner, const std::string& project_id, store::JobKind kind,
                      const nlohmann::json& options, const JobWriter& create);
  // Generates the project's backlog. A project that has one needs `replace` (kConflict
  // otherwise).
  store::JobRow StartGeneration(std::int64_t owner, std::string_view project_id, bool replace);
  // Rewrites a vision to close its gaps (a job: three provider calls).
  store::JobRow StartVisionOptimization(std::int64_t owner, const pipeline::VisionRequest& request);

  store::JobRow Get(std::int64_t owner, std::string_view job_id);
  JobStatus Status(std::int64_t owner, std::string_view job_id);
  JobStatus StatusOf(const store::JobRow& job);
  // The project's jobs, newest first (at most 50).
  std::vector<store::JobRow> ListForProject(std::int64_t owner, std::string_view project_id);
  // Asks the job to stop; a queued one is cancelled at once. kConflict once it has finished.
  JobStatus Cancel(std::int64_t owner, std::string_view job_id);

  // The job's events after `after_seq`, oldest first.
  std::vector<store::EventRow> Events(std::string_view job_id, std::int64_t after_seq,
                                      std::int64_t limit);
  // `wake` is called (from any thread) when the job has new events; in this process only.
  std::uint64_t Subscribe(const std::string& job_id, std::function<void()> wake);
  void Unsubscribe(std::uint64_t subscription);

 private:
  store::JobStore& jobs_;
  store::ProjectStore& projects_;
  pipeline::EventBus& bus_;
  std::function<void()> wake_runner_;
  JobServiceOptions options_;
  WallClock clock_;
};

}  // namespace services
