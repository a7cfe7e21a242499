#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_box.hpp"
#include "outbound/http_transport.hpp"
#include "services/backlog_service.hpp"
#include "services/job_service.hpp"
#include "services/project_service.hpp"
#include "store/push_store.hpp"
#include "timing/clock.hpp"
#include "tracker/ado_client.hpp"
#include "tracker/ado_project.hpp"
#include "tracker/push_job.hpp"

namespace services {

// A tracker connection as people see it: never the PAT, only whether one is set.
struct TrackerSettings {
  std::string organization_url;
  std::string project;
  std::string area_path;
  std::string iteration_path;
  bool pat_set = false;
  std::string source;  // effective settings: "project", "user", "server" or "none"
};

// Fields a person sends; absent ones stay as they are. An empty pat clears the stored one.
struct TrackerSettingsUpdate {
  std::optional<std::string> organization_url;
  std::optional<std::string> project;
  std::optional<std::string> area_path;
  std::optional<std::string> iteration_path;
  std::optional<std::string> pat;
};

struct TrackerServiceOptions {
  // The server-wide default (AZURE_DEVOPS_*); its PAT is used with its organization only.
  TrackerSettings server;
  std::string server_pat;
  // Hosts an organization URL may name ("dev.azure.com", "*.visualstudio.com").
  std::vector<std::string> allowed_hosts = {"dev.azure.com", "*.visualstudio.com"};
  tracker::AdoClientOptions client;
};

struct ConnectionTest {
  tracker::ConnectionCheck check;
  std::vector<std::string> created_paths;
  TrackerSettings tested;  // what was tested, without the PAT
};

struct PushStart {
  store::JobRow job;
  std::string push_id;
  std::size_t items = 0;
};

struct PushItemView {
  store::PushItemRow row;
  std::string title;  // the node's title now (empty when it was deleted since)
};

struct PushDetail {
  store::PushRow push;
  std::vector<PushItemView> items;
};

// Tracker connections (a user's default, a project's override, the server's default) and
// pushes of a backlog to Azure DevOps. Owner-scoped like the other services.
class TrackerService {
 public:
  TrackerService(store::PushStore& pushes, ProjectService& projects, JobService& jobs,
                 BacklogService& backlogs, const auth::SecretBox& secrets,
                 outbound::Transport& transport, timing::Clock& clock,
                 TrackerServiceOptions options, WallClock wall_clock = SystemSeconds);

  TrackerSettings UserSettings(std::int64_t owner);
  TrackerSettings SaveUserSettings(std::int64_t owner, const TrackerSettingsUpdate& update);
  // The project's own settings, if it has any.
  std::optional<TrackerSettings> ProjectSettings(std::int64_t owner, std::string_view project_id);
  TrackerSettings SaveProjectSettings(std::int64_t owner, std::string_view project_id,
                                      const TrackerSettingsUpdate& update);
  void ClearProjectSettings(std::int64_t owner, std::string_view project_id);
  // What a push of the project uses: the project's settings, else the user's, else the server's.
  TrackerSettings EffectiveSettings(std::int64_t owner, std::string_view project_id);
  const TrackerSettings& ServerDefaults() const { return options_.server; }

  // The effective target with its PAT; nullopt when organization, project or PAT is missing.
  std::optional<tracker::TrackerTarget> Target(std::int64_t owner, std::string_view project_id);

  // Checks the effective connection of `project_id` (or the user's default when empty) with
  // `overrides` (unsaved values of a form) applied; optionally creates missing area and
  // iteration paths. Calls Azure DevOps: run it off the HTTP workers. kInvalid when the
  // connection is incomplete.
  ConnectionTest TestConnection(std::int64_t owner, std::string_view project_id,
                                const TrackerSettingsUpdate& overrides, bool create_missing_paths,
                                const std::atomic<bool>* cancelled);

  // Writes the outbox and queues the push job in one transaction. kConflict while a job of the
  // project runs; kInvalid without a backlog or a complete connection.
  PushStart StartPush(std::int64_t owner, std::string_view project_id, bool create_missing_paths);
  // A new job for the project's newest push, sending its failed and blocked items again.
  PushStart RetryPush(std::int64_t owner, std::string_view project_id);
  // Removes what the push created (a job): `confirm` must repeat the push's id.
  PushStart CleanUpPush(std::int64_t owner, std::string_view project_id, std::string_view push_id,
                        std::string_view confirm);
  std::vector<store::PushRow> ListPushes(std::int64_t owner, std::string_view project_id);
  PushDetail Push(std::int64_t owner, std::string_view project_id, std::string_view push_id);

 private:
  struct Resolved {
    TrackerSettings settings;
    std::string pat;
  };
  Resolved Resolve(std::int64_t owner, std::string_view project_id);
  TrackerSettings Merge(const std::optional<store::StoredTrackerSettings>& stored,
                        const TrackerSettingsUpdate& update, std::string& sealed_pat) const;
  TrackerSettings FromStored(const store::StoredTrackerSettings& stored) const;
  store::StoredTrackerSettings ToStored(const TrackerSettings& settings,
                                        const std::string& sealed_pat) const;

  store::PushStore& pushes_;
  ProjectService& projects_;
  JobService& jobs_;
  BacklogService& backlogs_;
  const auth::SecretBox& secrets_;
  outbound::Transport& transport_;
  timing::Clock& clock_;
  TrackerServiceOptions options_;
  WallClock wall_clock_;
};

// Whether an organization URL is one users may choose: http(s), no user name, query or
// fragment, and a host in `allowed_hosts` ("*.example.com" allows its subdomains). The reason
// when not.
std::optional<std::string> OrganizationUrlProblem(std::string_view url,
                                                  const std::vector<std::string>& allowed_hosts);

}  // namespace services
