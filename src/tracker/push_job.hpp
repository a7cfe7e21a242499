#pragma once

// A "push" job: a project's backlog uploaded to Azure DevOps from the push's outbox, on the
// job runner (leases, resume after a crash, cancel, progress and per-item events on the job's
// event stream, as generation).

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "backlog/model.hpp"
#include "outbound/http_transport.hpp"
#include "pipeline/event_bus.hpp"
#include "pipeline/job_runner.hpp"
#include "store/pipeline_store.hpp"
#include "store/push_store.hpp"
#include "timing/clock.hpp"
#include "tracker/ado_client.hpp"

namespace tracker {

// Where a project's backlog goes: the connection (with its PAT) and the paths its items take.
struct TrackerTarget {
  AdoConnection connection;
  std::string area_path;
  std::string iteration_path;
};

// The push's target as stored with it and shown to people: no PAT.
nlohmann::json TargetJson(const TrackerTarget& target);

struct PushJobDependencies {
  store::JobStore& jobs;
  store::PushStore& pushes;
  pipeline::EventBus& bus;
  outbound::Transport& transport;
  timing::Clock& clock;
  // The owner's connection for the project now (the PAT is read when the job runs).
  std::function<std::optional<TrackerTarget>(std::int64_t owner, const std::string& project_id)>
      target;
  // The project's backlog as its owner sees it; throws when the project is gone.
  std::function<backlog::Backlog(const store::JobRow& job)> backlog;
  AdoClientOptions client_options;
  std::string public_url;  // the service's address people open: each item links back to it
  std::size_t batch_size = 200;
};

// The prefix of every node link of a project's items; the node id follows it.
std::string NodeUrlPrefix(const std::string& public_url, const std::string& project_id);

class PushJob final : public pipeline::JobExecution {
 public:
  PushJob(store::JobRow job, PushJobDependencies dependencies);
  Outcome Run() override;
  void Cancel() override { cancelled_ = true; }

 private:
  void Event(std::string_view type, const nlohmann::json& data);

  store::JobRow job_;
  PushJobDependencies deps_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace tracker
