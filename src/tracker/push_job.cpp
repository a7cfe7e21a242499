#include "tracker/push_job.hpp"

#include <spdlog/spdlog.h>

#include <cctype>
#include <tuple>
#include <utility>

#include "json/bounded_parse.hpp"
#include "tracker/ado_project.hpp"
#include "tracker/push_plan.hpp"
#include "tracker/uploader.hpp"

namespace tracker {
namespace {

using State = store::PushItemState;

nlohmann::json CountsJson(const std::map<State, int>& counts) {
  nlohmann::json json = nlohmann::json::object();
  int total = 0;
  int settled = 0;
  for (const auto& [state, count] : counts) {
    json[std::string(store::PushItemStateName(state))] = count;
    total += count;
    if (state != State::kPending && state != State::kSending) settled += count;
  }
  json["total"] = total;
  json["done"] = settled;
  return json;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

}  // namespace

nlohmann::json TargetJson(const TrackerTarget& target) {
  return {{"organization_url", target.connection.organization_url},
          {"project", target.connection.project},
          {"area_path", target.area_path},
          {"iteration_path", target.iteration_path}};
}

std::string NodeUrlPrefix(const std::string& public_url, const std::string& project_id) {
  std::string base = public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/projects/" + project_id + "/backlog?node=";
}

PushJob::PushJob(store::JobRow job, PushJobDependencies dependencies)
    : job_(std::move(job)), deps_(std::move(dependencies)) {}

void PushJob::Event(std::string_view type, const nlohmann::json& data) {
  deps_.jobs.AppendEvent(job_.id,
                         {0, timing::UnixSeconds(deps_.clock), std::string(type), data.dump()});
  deps_.bus.Notify(job_.id);
}

pipeline::JobExecution::Outcome PushJob::Run() {
  const auto push = deps_.pushes.PushOfJob(job_.id);
  if (!push) return {store::JobState::kFailed, "the push of this job no longer exists", nullptr};
  const auto target = deps_.target(job_.owner_id, job_.project_id);
  if (!target) {
    return {store::JobState::kFailed,
            "No Azure DevOps connection is set for this project any more.", nullptr};
  }
  nlohmann::json pushed_to = json::ParseOrNull(push->target);
  if (!pushed_to.is_object()) pushed_to = nlohmann::json::object();
  if (Lower(pushed_to.value("organization_url", "")) !=
          Lower(target->connection.organization_url) ||
      Lower(pushed_to.value("project", "")) != Lower(target->connection.project)) {
    return {store::JobState::kFailed,
            "The project's Azure DevOps connection changed since this push started; start a new "
            "push instead of resuming this one.",
            nullptr};
  }
  const backlog::Backlog backlog = deps_.backlog(job_);
  nlohmann::json options = json::ParseOrNull(job_.options);
  if (!options.is_object()) options = nlohmann::json::object();

  AdoClient client(deps_.transport, target->connection, deps_.client_options, deps_.clock,
                   &cancelled_);
  Event("progress", {{"stage", "checking"}, {"done", 0}, {"total", 0}});
  const ConnectionCheck check = CheckConnection(client);
  if (!check.ok) return {store::JobState::kFailed, check.message, nullptr};
  for (const auto& [group, path, known] :
       {std::tuple{"Areas", target->area_path, &check.area_paths},
        std::tuple{"Iterations", target->iteration_path, &check.iteration_paths}}) {
    if (path.empty() || KnownPath(*known, check.project_name, path)) continue;
    if (!options.value("create_missing_paths", false)) {
      return {store::JobState::kFailed,
              std::string(group == std::string_view("Areas") ? "Area" : "Iteration") + " path \"" +
                  path +
                  "\" does not exist in the project; create it there, or push with "
                  "create_missing_paths.",
              nullptr};
    }
    std::string error;
    if (!EnsureClassificationPath(client, group, path, error)) {
      return {store::JobState::kFailed, "Could not create \"" + path + "\": " + error, nullptr};
    }
  }
  for (const std::string& warning : check.warnings) Event("warning", {{"message", warning}});

  UploadSettings settings;
  settings.push_id = push->id;
  settings.tag = push->tag;
  settings.node_url_prefix = NodeUrlPrefix(deps_.public_url, job_.project_id);
  settings.area_path = target->area_path;
  settings.iteration_path = target->iteration_path;
  settings.batch_size = deps_.batch_size;
  const auto progress = [this](const std::vector<UploadEvent>& finished,
                               const std::map<State, int>& counts) {
    std::vector<store::EventRow> events;
    const std::int64_t now = timing::UnixSeconds(deps_.clock);
    for (const UploadEvent& item : finished) {
      nlohmann::json data = {{"node_id", item.node_id},
                             {"kind", item.kind},
                             {"title", item.title},
                             {"state", store::PushItemStateName(item.state)}};
      if (item.tracker_id) data["tracker_id"] = *item.tracker_id;
      if (!item.url.empty()) data["url"] = item.url;
      if (!item.error.empty()) data["error"] = item.error;
      deps_.jobs.AppendEvent(job_.id, {0, now, "push_item", data.dump()});
    }
    nlohmann::json data = CountsJson(counts);
    data["stage"] = "uploading";
    deps_.jobs.AppendEvent(job_.id, {0, now, "progress", data.dump()});
    deps_.bus.Notify(job_.id);
  };
  Uploader uploader(
      client, deps_.pushes, *check.process, check.test_plans, PushNodes(backlog), settings,
      progress, [this] { return timing::UnixSeconds(deps_.clock); }, &cancelled_);
  const UploadResult result = uploader.Run();

  nlohmann::json summary = CountsJson(result.counts);
  summary["push_id"] = push->id;
  summary["requests"] = client.requests_sent();  // the connection check's included
  summary["process"] = check.process->process;
  summary["mapping"] = check.process->notes;
  summary["warnings"] = check.warnings;
  spdlog::info("push {}: {} items created, {} failed, {} blocked, {} requests", push->id,
               summary.value("created", 0), summary.value("failed", 0), summary.value("blocked", 0),
               result.requests);
  switch (result.outcome) {
    case UploadResult::Outcome::kCancelled:
      return {store::JobState::kCancelled, "", summary};
    case UploadResult::Outcome::kStopped:
      return {store::JobState::kFailed, result.error, summary};
    case UploadResult::Outcome::kFinished:
      break;
  }
  deps_.pushes.SetPushState(push->id, "finished", timing::UnixSeconds(deps_.clock));
  const int problems = summary.value("failed", 0) + summary.value("blocked", 0);
  if (problems > 0) {
    return {summary.value("created", 0) > 0 ? store::JobState::kCompletedWithWarnings
                                            : store::JobState::kFailed,
            problems == 1 ? "1 item was not created; see the push's items"
                          : std::to_string(problems) +
                                " items were not created; see the push's "
                                "items",
            summary};
  }
  return {store::JobState::kCompleted, "", summary};
}

}  // namespace tracker
