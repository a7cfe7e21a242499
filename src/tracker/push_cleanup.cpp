#include "tracker/push_cleanup.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tracker/ado_client.hpp"

namespace tracker {
namespace {

using State = store::PushItemState;

// Children before parents; plans (which take their suites along) before the test cases.
int Order(const store::PushItemRow& item) {
  if (item.kind == "test_plan") return 0;
  if (item.kind == "test_suite") return 1;
  if (item.kind == "test_case") return 2;
  return 3;
}

}  // namespace

PushCleanupJob::PushCleanupJob(store::JobRow job, PushJobDependencies dependencies)
    : job_(std::move(job)), deps_(std::move(dependencies)) {}

pipeline::JobExecution::Outcome PushCleanupJob::Run() {
  const auto push = deps_.pushes.PushOfJob(job_.id);
  if (!push) return {store::JobState::kFailed, "the push of this job no longer exists", nullptr};
  const auto target = deps_.target(job_.owner_id, job_.project_id);
  if (!target) {
    return {store::JobState::kFailed, "No Azure DevOps connection is set for this project.",
            nullptr};
  }
  AdoClient client(deps_.transport, target->connection, deps_.client_options, deps_.clock,
                   &cancelled_);
  std::vector<store::PushItemRow> items = deps_.pushes.Items(push->id);
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    if (Order(a) != Order(b)) return Order(a) < Order(b);
    return a.position > b.position;
  });
  int removed = 0;
  int kept = 0;
  std::vector<std::string> plans_removed;
  for (store::PushItemRow& item : items) {
    if (cancelled_) return {store::JobState::kCancelled, "", nullptr};
    if (item.state != State::kCreated || !item.tracker_id) continue;
    std::string path;
    if (item.kind == "test_plan") {
      path = client.ProjectPath() + "/_apis/testplan/plans/" + std::to_string(*item.tracker_id);
    } else if (item.kind == "test_suite") {
      // Its plan took it along.
      if (std::find(plans_removed.begin(), plans_removed.end(), item.parent_node_id) ==
          plans_removed.end()) {
        ++kept;
        continue;
      }
    } else if (item.kind == "test_case") {
      path = client.ProjectPath() + "/_apis/testplan/testcases/" + std::to_string(*item.tracker_id);
    } else {
      path = client.ProjectPath() + "/_apis/wit/workitems/" + std::to_string(*item.tracker_id);
    }
    bool gone = item.kind == "test_suite";
    if (!gone) {
      // Deleting is idempotent: repeated after an unanswered request, and a 404 means gone.
      const AdoReply reply = client.Send("DELETE", path, nullptr, AdoClient::Effect::kRead);
      if (reply.outcome == AdoReply::Outcome::kCancelled) {
        return {store::JobState::kCancelled, "", nullptr};
      }
      if (reply.outcome == AdoReply::Outcome::kUnauthorized) {
        return {store::JobState::kFailed,
                "Azure DevOps refused the personal access token (expired or revoked?)", nullptr};
      }
      gone = reply.ok() || reply.status == 404;
      if (!gone) item.last_error = "not removed: " + reply.message;
    }
    if (gone) {
      item.state = State::kRemoved;
      item.last_error.clear();
      if (item.kind == "test_plan") plans_removed.push_back(item.node_id);
      ++removed;
    } else {
      ++kept;
    }
    deps_.pushes.SaveItems(push->id, {item}, timing::UnixSeconds(deps_.clock));
    nlohmann::json event = {{"node_id", item.node_id},
                            {"kind", item.kind},
                            {"state", store::PushItemStateName(item.state)},
                            {"tracker_id", *item.tracker_id}};
    if (!item.last_error.empty()) event["error"] = item.last_error;
    deps_.jobs.AppendEvent(job_.id,
                           {0, timing::UnixSeconds(deps_.clock), "push_item", event.dump()});
    deps_.jobs.AppendEvent(
        job_.id,
        {0, timing::UnixSeconds(deps_.clock), "progress",
         nlohmann::json{{"stage", "removing"}, {"removed", removed}, {"kept", kept}}.dump()});
    deps_.bus.Notify(job_.id);
  }
  const nlohmann::json summary = {{"push_id", push->id}, {"removed", removed}, {"kept", kept}};
  spdlog::info("push {}: cleanup removed {} items, {} kept", push->id, removed, kept);
  if (kept > 0) {
    return {store::JobState::kCompletedWithWarnings,
            std::to_string(kept) + " items could not be removed; see the push's items", summary};
  }
  deps_.pushes.SetPushState(push->id, "removed", timing::UnixSeconds(deps_.clock));
  return {store::JobState::kCompleted, "", summary};
}

}  // namespace tracker
