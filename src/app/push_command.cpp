#include "app/push_command.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

#include "app/config.hpp"
#include "backlog/json_mapping.hpp"
#include "json/bounded_parse.hpp"
#include "outbound/http_transport.hpp"
#include "pipeline/tree_rows.hpp"
#include "services/project_service.hpp"
#include "store/sql/sql_pipeline_store.hpp"
#include "store/sql/sql_push_store.hpp"
#include "store/sql/sql_user_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "timing/clock.hpp"
#include "tracker/ado_project.hpp"
#include "tracker/push_job.hpp"
#include "tracker/push_plan.hpp"
#include "tracker/uploader.hpp"

namespace app {
namespace {

std::atomic<bool> push_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");

extern "C" void OnPushInterrupt(int signal_number) {
  push_interrupted = true;
  // A second Ctrl-C ends the process at once.
  std::signal(signal_number, SIG_DFL);
}

constexpr int kExitItemsFailed = 3;
constexpr int kExitInterrupted = 130;

std::int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<backlog::Backlog> ReadBacklog(const std::filesystem::path& file,
                                            std::string& problem) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problem = "cannot read " + file.string();
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  json::ParseResult parsed = json::ParseBounded(text.str());
  if (!parsed.ok()) {
    problem = file.string() + " is not a backlog in JSON: " + json::Describe(parsed.failure);
    return std::nullopt;
  }
  try {
    backlog::Backlog backlog = backlog::BacklogFromJson(parsed.value);
    if (backlog.epics.empty()) {
      problem = file.string() + " holds no epics";
      return std::nullopt;
    }
    return backlog;
  } catch (const std::exception& error) {
    problem = file.string() + " is not a backlog written by `backlog generate`: " + error.what();
    return std::nullopt;
  }
}

std::string Count(const std::map<store::PushItemState, int>& counts, store::PushItemState state) {
  const auto found = counts.find(state);
  return std::to_string(found == counts.end() ? 0 : found->second);
}

}  // namespace

int RunPush(const CommandContext& context, const PushArguments& arguments) {
  std::string problem;
  std::optional<backlog::Backlog> backlog = ReadBacklog(arguments.backlog_file, problem);
  if (!backlog) {
    std::cerr << "backlog push: " << problem << '\n';
    return kExitBadConfig;
  }
  auto loaded = LoadCommandConfig(context, Purpose::kMaintenance, {});
  if (!loaded) return kExitBadConfig;
  const Config& config = loaded->config;
  tracker::TrackerTarget target;
  target.connection.organization_url =
      arguments.organization_url.empty() ? config.azure_devops_org_url : arguments.organization_url;
  while (!target.connection.organization_url.empty() &&
         target.connection.organization_url.back() == '/') {
    target.connection.organization_url.pop_back();
  }
  target.connection.project =
      arguments.project.empty() ? config.azure_devops_project : arguments.project;
  target.connection.pat = config.azure_devops_pat;
  target.area_path =
      arguments.area_path.empty() ? config.azure_devops_area_path : arguments.area_path;
  target.iteration_path = arguments.iteration_path.empty() ? config.azure_devops_iteration_path
                                                           : arguments.iteration_path;
  const std::string& url = target.connection.organization_url;
  if (!url.starts_with("https://") && !url.starts_with("http://")) {
    std::cerr << "backlog push: give the organization URL with --org (or AZURE_DEVOPS_ORG_URL), "
                 "e.g. https://dev.azure.com/your-organization\n";
    return kExitBadConfig;
  }
  if (target.connection.project.empty()) {
    std::cerr << "backlog push: give the Azure DevOps project with --project (or "
                 "AZURE_DEVOPS_PROJECT)\n";
    return kExitBadConfig;
  }
  if (target.connection.pat.empty()) {
    std::cerr << "backlog push: AZURE_DEVOPS_PAT is not set (a personal access token with Work "
                 "Items and Test Management read & write)\n";
    return kExitBadConfig;
  }

  // The outbox lives beside the file: running the command again resumes the same push.
  const std::filesystem::path state_file =
      arguments.state_file.empty()
          ? std::filesystem::path(arguments.backlog_file.string() + ".push-state")
          : arguments.state_file;
  store::sqlite::SqliteOptions database_options;
  database_options.path = state_file;
  database_options.pool_size = 2;
  store::sqlite::SqliteDatabase database(database_options);
  database.Migrate(store::sqlite::EmbeddedMigrations());
  store::sql::SqlUserStore users(database);
  store::sql::SqlPipelineStore pipeline_store(database);
  store::sql::SqlPushStore pushes(database);

  // A local owner that cannot sign in ("!" is no hash), and the backlog's project.
  std::optional<store::UserRecord> user = users.FindByLogin("cli");
  if (!user) {
    store::UserRecord created;
    users.Create({"cli", "cli@localhost", "backlog push", "!", "user"}, NowSeconds(), &created);
    user = created;
  }
  backlog::Project& project = backlog->project;
  if (project.id.empty()) project.id = "project_cli";
  project.owner_id = user->id;
  if (!pipeline_store.FindProject(project.id, user->id)) {
    project.created_at = project.updated_at = NowSeconds();
    pipeline_store.CreateProject(services::ProjectToRow(project));
  }

  const nlohmann::json target_json = tracker::TargetJson(target);
  std::optional<store::PushRow> push;
  for (const store::PushRow& earlier : pushes.ListPushes(project.id, user->id)) {
    if (earlier.target == target_json.dump()) {
      push = earlier;
      break;
    }
  }
  store::JobRow job;
  job.id = pipeline::NewId("job");
  job.project_id = project.id;
  job.owner_id = user->id;
  job.kind = store::JobKind::kPush;
  job.state = store::JobState::kRunning;
  job.options = "{}";
  job.created_at = NowSeconds();
  if (push) {
    // Failed and blocked items get another chance; created ones are never sent again.
    pushes.ContinuePush(job, "{}", 0, push->id, store::PushStore::Continuation::kRetry);
    if (!arguments.quiet) {
      std::cerr << "resuming the push to " << target.connection.project << " (tag " << push->tag
                << ") kept in " << state_file.string() << '\n';
    }
  } else {
    store::PushRow fresh;
    fresh.id = pipeline::NewId("push");
    fresh.project_id = project.id;
    fresh.owner_id = user->id;
    fresh.job_id = job.id;
    fresh.tag = "abl-" + pipeline::NewId("p").substr(2, 8);
    fresh.target = target_json.dump();
    fresh.created_at = fresh.updated_at = NowSeconds();
    pushes.CreatePush(job, "{}", 0, fresh, tracker::PlanPush(*backlog));
    push = fresh;
  }

  std::signal(SIGINT, OnPushInterrupt);
  std::signal(SIGTERM, OnPushInterrupt);
  outbound::CurlTransport transport;
  timing::SystemClock clock;
  tracker::AdoClientOptions client_options;
  client_options.api_version = config.azure_devops_api_version;
  client_options.batch_api_version = config.azure_devops_batch_api_version;
  client_options.request_timeout = config.azure_devops_timeout;
  tracker::AdoClient client(transport, target.connection, client_options, clock, &push_interrupted);
  const tracker::ConnectionCheck check = tracker::CheckConnection(client);
  if (!check.ok) {
    std::cerr << "backlog push: " << check.message << '\n';
    return push_interrupted ? kExitInterrupted : kExitFailure;
  }
  for (const std::string& warning : check.warnings) std::cerr << "warning: " << warning << '\n';
  for (const auto& [group, path, known] :
       {std::tuple{"Areas", target.area_path, &check.area_paths},
        std::tuple{"Iterations", target.iteration_path, &check.iteration_paths}}) {
    if (path.empty() || tracker::KnownPath(*known, check.project_name, path)) continue;
    if (!arguments.create_missing_paths) {
      std::cerr << "backlog push: \"" << path
                << "\" does not exist in the project; create it, or add --create-missing-paths\n";
      return kExitBadConfig;
    }
    std::string error;
    if (!tracker::EnsureClassificationPath(client, group, path, error)) {
      std::cerr << "backlog push: could not create \"" << path << "\": " << error << '\n';
      return kExitFailure;
    }
  }

  tracker::UploadSettings settings;
  settings.push_id = push->id;
  settings.tag = push->tag;
  settings.node_url_prefix = tracker::NodeUrlPrefix(
      config.public_url.empty() ? "http://127.0.0.1:" + std::to_string(config.port)
                                : config.public_url,
      project.id);
  settings.area_path = target.area_path;
  settings.iteration_path = target.iteration_path;
  settings.batch_size = config.azure_devops_batch_size;
  const bool quiet = arguments.quiet;
  const auto progress = [quiet](const std::vector<tracker::UploadEvent>& finished,
                                const std::map<store::PushItemState, int>& counts) {
    for (const tracker::UploadEvent& item : finished) {
      if (!item.error.empty()) {
        std::cerr << store::PushItemStateName(item.state) << ": " << item.kind << " \""
                  << item.title << "\": " << item.error << '\n';
      }
    }
    if (quiet) return;
    int total = 0;
    int settled = 0;
    for (const auto& [state, count] : counts) {
      total += count;
      if (state != store::PushItemState::kPending && state != store::PushItemState::kSending) {
        settled += count;
      }
    }
    std::cerr << "pushed " << settled << "/" << total << " items\n";
  };
  tracker::Uploader uploader(client, pushes, *check.process, check.test_plans,
                             tracker::PushNodes(*backlog), settings, progress, NowSeconds,
                             &push_interrupted);
  const tracker::UploadResult result = uploader.Run();
  const std::string summary = Count(result.counts, store::PushItemState::kCreated) + " created, " +
                              Count(result.counts, store::PushItemState::kFailed) + " failed, " +
                              Count(result.counts, store::PushItemState::kBlocked) + " blocked, " +
                              Count(result.counts, store::PushItemState::kSkipped) + " skipped; " +
                              std::to_string(result.requests) + " requests";
  switch (result.outcome) {
    case tracker::UploadResult::Outcome::kCancelled:
      std::cerr << "interrupted (" << summary << "); run the same command again to resume\n";
      return kExitInterrupted;
    case tracker::UploadResult::Outcome::kStopped:
      std::cerr << "backlog push: stopped: " << result.error << " (" << summary
                << "); run the same command again to resume\n";
      return kExitFailure;
    case tracker::UploadResult::Outcome::kFinished:
      break;
  }
  pushes.SetPushState(push->id, "finished", NowSeconds());
  std::cout << "pushed to " << target.connection.project << " with tag " << push->tag << ": "
            << summary << '\n';
  const auto problems = result.counts.find(store::PushItemState::kFailed);
  const auto blocked = result.counts.find(store::PushItemState::kBlocked);
  const bool all_created = (problems == result.counts.end() || problems->second == 0) &&
                           (blocked == result.counts.end() || blocked->second == 0);
  return all_created ? kExitOk : kExitItemsFailed;
}

}  // namespace app
