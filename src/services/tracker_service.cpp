#include "services/tracker_service.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>
#include <utility>

#include "auth/secure_random.hpp"
#include "json/bounded_parse.hpp"
#include "pipeline/tree_rows.hpp"
#include "services/service_error.hpp"
#include "tracker/push_plan.hpp"

namespace services {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool HasControl(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

void CheckText(std::string_view field, std::string_view value, std::size_t max, bool required) {
  if (required && value.empty()) {
    throw ServiceError::Invalid(std::string(field), std::string(field) + " must not be empty.");
  }
  if (value.size() > max || HasControl(value)) {
    throw ServiceError::Invalid(std::string(field), std::string(field) + " must be at most " +
                                                        std::to_string(max) +
                                                        " characters on one line.");
  }
}

bool Complete(const TrackerSettings& settings, const std::string& pat) {
  return !settings.organization_url.empty() && !settings.project.empty() && !pat.empty();
}

}  // namespace

std::optional<std::string> OrganizationUrlProblem(std::string_view url,
                                                  const std::vector<std::string>& allowed_hosts) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return "must start with https:// (for example https://dev.azure.com/your-organization)";
  }
  if (url.find_first_of("?#") != std::string_view::npos || HasControl(url) ||
      url.find(' ') != std::string_view::npos) {
    return "must be a plain URL without a query, fragment or spaces";
  }
  const std::string_view authority = rest.substr(0, rest.find('/'));
  if (authority.find('@') != std::string_view::npos) {
    return "must not contain a user name or password (the PAT has its own field)";
  }
  std::string host = Lower(authority.substr(
      0, authority.rfind(':') == std::string_view::npos ? authority.size() : authority.rfind(':')));
  if (host.empty()) return "has no host";
  for (const std::string& allowed : allowed_hosts) {
    const std::string pattern = Lower(allowed);
    if (pattern == host) return std::nullopt;
    if (pattern.starts_with("*.") && host.size() > pattern.size() - 1 &&
        host.ends_with(pattern.substr(1))) {
      return std::nullopt;
    }
  }
  return "names a host this service does not send tracker requests to (allowed: " + [&] {
    std::string list;
    for (const std::string& allowed : allowed_hosts) {
      list += (list.empty() ? "" : ", ") + allowed;
    }
    return list;
  }() + ")";
}

TrackerService::TrackerService(store::PushStore& pushes, ProjectService& projects, JobService& jobs,
                               BacklogService& backlogs, const auth::SecretBox& secrets,
                               outbound::Transport& transport, timing::Clock& clock,
                               TrackerServiceOptions options, WallClock wall_clock)
    : pushes_(pushes),
      projects_(projects),
      jobs_(jobs),
      backlogs_(backlogs),
      secrets_(secrets),
      transport_(transport),
      clock_(clock),
      options_(std::move(options)),
      wall_clock_(std::move(wall_clock)) {
  options_.server.pat_set = !options_.server_pat.empty();
  options_.server.source = "server";
}

TrackerSettings TrackerService::FromStored(const store::StoredTrackerSettings& stored) const {
  TrackerSettings settings;
  nlohmann::json data = json::ParseOrNull(stored.data);
  if (!data.is_object()) data = nlohmann::json::object();
  settings.organization_url = data.value("organization_url", "");
  settings.project = data.value("project", "");
  settings.area_path = data.value("area_path", "");
  settings.iteration_path = data.value("iteration_path", "");
  settings.pat_set = !stored.sealed_pat.empty();
  return settings;
}

store::StoredTrackerSettings TrackerService::ToStored(const TrackerSettings& settings,
                                                      const std::string& sealed_pat) const {
  const nlohmann::json data = {{"organization_url", settings.organization_url},
                               {"project", settings.project},
                               {"area_path", settings.area_path},
                               {"iteration_path", settings.iteration_path}};
  return {data.dump(), sealed_pat, wall_clock_()};
}

TrackerSettings TrackerService::Merge(const std::optional<store::StoredTrackerSettings>& stored,
                                      const TrackerSettingsUpdate& update,
                                      std::string& sealed_pat) const {
  TrackerSettings settings = stored ? FromStored(*stored) : TrackerSettings{};
  sealed_pat = stored ? stored->sealed_pat : std::string();
  if (update.organization_url) {
    std::string url = *update.organization_url;
    while (!url.empty() && url.back() == '/') url.pop_back();
    if (!url.empty()) {
      if (auto problem = OrganizationUrlProblem(url, options_.allowed_hosts)) {
        throw ServiceError::Invalid("organization_url", "The organization URL " + *problem + ".");
      }
    }
    settings.organization_url = std::move(url);
  }
  if (update.project) {
    CheckText("project", *update.project, 64, false);
    settings.project = *update.project;
  }
  if (update.area_path) {
    CheckText("area_path", *update.area_path, 256, false);
    settings.area_path = *update.area_path;
  }
  if (update.iteration_path) {
    CheckText("iteration_path", *update.iteration_path, 256, false);
    settings.iteration_path = *update.iteration_path;
  }
  if (update.pat) {
    CheckText("pat", *update.pat, 512, false);
    sealed_pat = update.pat->empty() ? std::string() : secrets_.Seal(*update.pat);
  }
  settings.pat_set = !sealed_pat.empty();
  return settings;
}

TrackerSettings TrackerService::UserSettings(std::int64_t owner) {
  const auto stored = pushes_.UserTracker(owner);
  TrackerSettings settings = stored ? FromStored(*stored) : TrackerSettings{};
  settings.source = "user";
  return settings;
}

TrackerSettings TrackerService::SaveUserSettings(std::int64_t owner,
                                                 const TrackerSettingsUpdate& update) {
  std::string sealed;
  TrackerSettings settings = Merge(pushes_.UserTracker(owner), update, sealed);
  pushes_.SaveUserTracker(owner, ToStored(settings, sealed));
  settings.source = "user";
  return settings;
}

std::optional<TrackerSettings> TrackerService::ProjectSettings(std::int64_t owner,
                                                               std::string_view project_id) {
  const backlog::Project project = projects_.Get(owner, project_id);
  const auto stored = pushes_.ProjectTracker(project.id);
  if (!stored) return std::nullopt;
  TrackerSettings settings = FromStored(*stored);
  settings.source = "project";
  return settings;
}

TrackerSettings TrackerService::SaveProjectSettings(std::int64_t owner, std::string_view project_id,
                                                    const TrackerSettingsUpdate& update) {
  const backlog::Project project = projects_.Get(owner, project_id);
  std::string sealed;
  TrackerSettings settings = Merge(pushes_.ProjectTracker(project.id), update, sealed);
  pushes_.SaveProjectTracker(project.id, ToStored(settings, sealed));
  settings.source = "project";
  return settings;
}

void TrackerService::ClearProjectSettings(std::int64_t owner, std::string_view project_id) {
  const backlog::Project project = projects_.Get(owner, project_id);
  pushes_.DeleteProjectTracker(project.id);
}

TrackerService::Resolved TrackerService::Resolve(std::int64_t owner, std::string_view project_id) {
  const auto open = [this](const store::StoredTrackerSettings& stored) {
    if (stored.sealed_pat.empty()) return std::string();
    return secrets_.Open(stored.sealed_pat).value_or(std::string());
  };
  const auto user = pushes_.UserTracker(owner);
  if (!project_id.empty()) {
    const backlog::Project project = projects_.Get(owner, project_id);
    if (const auto stored = pushes_.ProjectTracker(project.id)) {
      Resolved resolved{FromStored(*stored), open(*stored)};
      resolved.settings.source = "project";
      // A project override without its own PAT uses the user's for the same organization.
      if (resolved.pat.empty() && user &&
          Lower(FromStored(*user).organization_url) == Lower(resolved.settings.organization_url)) {
        resolved.pat = open(*user);
        resolved.settings.pat_set = !resolved.pat.empty();
      }
      if (!resolved.settings.organization_url.empty()) return resolved;
    }
  }
  if (user) {
    Resolved resolved{FromStored(*user), open(*user)};
    resolved.settings.source = "user";
    if (!resolved.settings.organization_url.empty()) return resolved;
  }
  if (!options_.server.organization_url.empty()) return {options_.server, options_.server_pat};
  TrackerSettings none;
  none.source = "none";
  return {none, ""};
}

TrackerSettings TrackerService::EffectiveSettings(std::int64_t owner, std::string_view project_id) {
  return Resolve(owner, project_id).settings;
}

std::optional<tracker::TrackerTarget> TrackerService::Target(std::int64_t owner,
                                                             std::string_view project_id) {
  Resolved resolved = Resolve(owner, project_id);
  if (!Complete(resolved.settings, resolved.pat)) return std::nullopt;
  return tracker::TrackerTarget{
      {resolved.settings.organization_url, resolved.settings.project, resolved.pat},
      resolved.settings.area_path,
      resolved.settings.iteration_path};
}

ConnectionTest TrackerService::TestConnection(std::int64_t owner, std::string_view project_id,
                                              const TrackerSettingsUpdate& overrides,
                                              bool create_missing_paths,
                                              const std::atomic<bool>* cancelled) {
  Resolved resolved = Resolve(owner, project_id);
  const std::string previous_url = resolved.settings.organization_url;
  // Apply the form's unsaved values (checked like a save, stored nowhere).
  TrackerSettingsUpdate update = overrides;
  store::StoredTrackerSettings current =
      ToStored(resolved.settings, resolved.pat.empty() ? "" : secrets_.Seal(resolved.pat));
  std::string sealed;
  TrackerSettings settings = Merge(current, update, sealed);
  std::string pat = sealed.empty() ? std::string() : secrets_.Open(sealed).value_or("");
  // The server's PAT never goes to an organization a user typed in.
  if (resolved.settings.source == "server" && !overrides.pat &&
      Lower(settings.organization_url) != Lower(previous_url)) {
    pat.clear();
  }
  if (settings.organization_url.empty()) {
    throw ServiceError::Invalid("organization_url", "Set the organization URL first.");
  }
  if (settings.project.empty()) throw ServiceError::Invalid("project", "Set the project first.");
  if (pat.empty()) throw ServiceError::Invalid("pat", "Set a personal access token first.");

  tracker::AdoClient client(transport_, {settings.organization_url, settings.project, pat},
                            options_.client, clock_, cancelled);
  ConnectionTest test;
  test.check = tracker::CheckConnection(client);
  settings.pat_set = true;
  test.tested = settings;
  if (!test.check.ok) return test;
  for (const auto& [group, path, known] :
       {std::tuple{"Areas", settings.area_path, &test.check.area_paths},
        std::tuple{"Iterations", settings.iteration_path, &test.check.iteration_paths}}) {
    if (path.empty() || tracker::KnownPath(*known, test.check.project_name, path)) continue;
    const std::string what = std::string(group) == "Areas" ? "Area" : "Iteration";
    if (!create_missing_paths) {
      test.check.warnings.push_back(what + " path \"" + path +
                                    "\" does not exist yet; test again with "
                                    "create_missing_paths to create it.");
      continue;
    }
    std::string error;
    if (tracker::EnsureClassificationPath(client, group, path, error)) {
      test.created_paths.push_back(path);
      known->push_back(path);
    } else {
      test.check.warnings.push_back("Could not create " + what + " path \"" + path +
                                    "\": " + error);
    }
  }
  return test;
}

PushStart TrackerService::StartPush(std::int64_t owner, std::string_view project_id,
                                    bool create_missing_paths) {
  const backlog::Backlog backlog = backlogs_.Tree(owner, project_id);
  if (backlog.epics.empty()) {
    throw ServiceError(ErrorKind::kConflict, "no_backlog",
                       "The project has no backlog yet; generate one first.");
  }
  const auto target = Target(owner, project_id);
  if (!target) {
    throw ServiceError::Invalid("tracker",
                                "Set the Azure DevOps organization URL, project and personal "
                                "access token (in your settings or the project's) first.");
  }
  std::vector<store::PushItemRow> items = tracker::PlanPush(backlog);
  store::PushRow push;
  push.id = pipeline::NewId("push");
  push.project_id = backlog.project.id;
  push.owner_id = owner;
  // Short enough to read in the tracker, random enough never to meet another push's.
  push.tag = "abl-" + Lower(auth::RandomBase64Url(6));
  std::replace(push.tag.begin(), push.tag.end(), '_', 'x');
  push.target = tracker::TargetJson(*target).dump();
  push.created_at = push.updated_at = wall_clock_();
  const store::JobRow job = jobs_.Queue(
      owner, backlog.project.id, store::JobKind::kPush,
      {{"create_missing_paths", create_missing_paths}},
      [&](const store::JobRow& row, std::string_view first_event, std::int64_t max_queued) {
        push.job_id = row.id;
        return pushes_.CreatePush(row, first_event, max_queued, push, items);
      });
  return {job, push.id, items.size()};
}

PushStart TrackerService::RetryPush(std::int64_t owner, std::string_view project_id) {
  const backlog::Project project = projects_.Get(owner, project_id);
  const auto pushes = pushes_.ListPushes(project.id, owner);
  if (pushes.empty()) {
    throw ServiceError(ErrorKind::kConflict, "no_push", "The project has not been pushed yet.");
  }
  const store::PushRow& push = pushes.front();
  const auto count = [&](const char* state) {
    const auto found = push.counts.find(state);
    return found == push.counts.end() ? std::int64_t{0} : found->second;
  };
  const std::int64_t retried =
      count("failed") + count("blocked") + count("pending") + count("sending");
  if (retried == 0) {
    throw ServiceError(ErrorKind::kConflict, "nothing_to_retry",
                       "Every item of the last push is in Azure DevOps; nothing to retry.");
  }
  const store::JobRow job = jobs_.Queue(
      owner, project.id, store::JobKind::kPush, {{"retry", true}},
      [&](const store::JobRow& row, std::string_view first_event, std::int64_t max_queued) {
        return pushes_.ContinuePush(row, first_event, max_queued, push.id,
                                    store::PushStore::Continuation::kRetry);
      });
  return {job, push.id, static_cast<std::size_t>(retried)};
}

PushStart TrackerService::CleanUpPush(std::int64_t owner, std::string_view project_id,
                                      std::string_view push_id, std::string_view confirm) {
  const backlog::Project project = projects_.Get(owner, project_id);
  const auto push = pushes_.FindPush(push_id, owner);
  if (!push || push->project_id != project.id) throw ServiceError::NotFound("No such push.");
  if (confirm != push->id) {
    throw ServiceError::Invalid("confirm",
                                "To remove what this push created from Azure DevOps, send "
                                "{\"confirm\": \"" +
                                    push->id + "\"}.");
  }
  if (push->state == "removed") {
    throw ServiceError(ErrorKind::kConflict, "already_removed",
                       "What this push created was removed already.");
  }
  const store::JobRow job = jobs_.Queue(
      owner, project.id, store::JobKind::kPushCleanup, {{"push_id", push->id}},
      [&](const store::JobRow& row, std::string_view first_event, std::int64_t max_queued) {
        return pushes_.ContinuePush(row, first_event, max_queued, push->id,
                                    store::PushStore::Continuation::kCleanUp);
      });
  const auto created = push->counts.find("created");
  return {job, push->id,
          created == push->counts.end() ? 0 : static_cast<std::size_t>(created->second)};
}

std::vector<store::PushRow> TrackerService::ListPushes(std::int64_t owner,
                                                       std::string_view project_id) {
  const backlog::Project project = projects_.Get(owner, project_id);
  return pushes_.ListPushes(project.id, owner);
}

PushDetail TrackerService::Push(std::int64_t owner, std::string_view project_id,
                                std::string_view push_id) {
  const backlog::Backlog backlog = backlogs_.Tree(owner, project_id);
  auto push = pushes_.FindPush(push_id, owner);
  if (!push || push->project_id != backlog.project.id) {
    throw ServiceError::NotFound("No such push.");
  }
  const auto titles = tracker::NodeTitles(backlog);
  PushDetail detail{*push, {}};
  for (store::PushItemRow& row : pushes_.Items(push->id)) {
    const auto node = titles.find(row.node_id);
    std::string title = node == titles.end() ? std::string() : node->second;
    detail.items.push_back({std::move(row), std::move(title)});
  }
  return detail;
}

}  // namespace services
