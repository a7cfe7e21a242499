#include "app/generate_command.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>

#include "app/llm_wiring.hpp"
#include "app/pipeline_wiring.hpp"
#include "app/progress_line.hpp"
#include "app/vision_file.hpp"
#include "backlog/export.hpp"
#include "backlog/json_mapping.hpp"
#include "services/service_error.hpp"
#include "store/sql/sql_user_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace app {
namespace {

// Set by the first SIGINT/SIGTERM; the main loop turns it into a cancel request.
std::atomic<bool> interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free, "used from a signal handler");

extern "C" void OnInterrupt(int signal_number) {
  interrupted = true;
  // A second Ctrl-C ends the program at once, as users expect when a clean stop takes too long.
  std::signal(signal_number, SIG_DFL);
}

std::int64_t Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<backlog::ExportFormat> FormatFor(const GenerateArguments& arguments,
                                               std::string& problem) {
  if (!arguments.format.empty()) {
    auto format = backlog::ParseExportFormat(arguments.format);
    if (!format) {
      problem =
          "unknown --format '" + arguments.format + "' (json, yaml, markdown, ado-csv or jira-csv)";
    }
    return format;
  }
  const std::string extension = arguments.out.extension().string();
  if (extension == ".json") return backlog::ExportFormat::kJson;
  if (extension == ".yaml" || extension == ".yml") return backlog::ExportFormat::kYaml;
  if (extension == ".md" || extension == ".markdown") return backlog::ExportFormat::kMarkdown;
  if (extension == ".csv") {
    problem =
        "a .csv file can be the Azure DevOps or the Jira layout: add --format ado-csv or "
        "--format jira-csv";
  } else {
    problem = "cannot tell the format from '" + arguments.out.filename().string() +
              "': add --format json|yaml|markdown|ado-csv|jira-csv";
  }
  return std::nullopt;
}

// FILE.partial.EXT beside FILE.
std::filesystem::path PartialPath(const std::filesystem::path& out) {
  std::filesystem::path partial = out;
  partial.replace_filename(out.stem().string() + ".partial" + out.extension().string());
  return partial;
}

// Writes through a temporary file and a rename, so FILE is either the old or the new content.
void WriteAtomically(const std::filesystem::path& file, const std::string& content,
                     unsigned umask) {
  std::filesystem::path temporary = file;
  temporary += ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw std::runtime_error("cannot write " + file.string());
    }
  }
  std::filesystem::permissions(
      temporary, static_cast<std::filesystem::perms>(0666U & ~umask) & std::filesystem::perms::all);
  std::filesystem::rename(temporary, file);
}

// A private folder for the run's database, removed afterwards.
class ScratchFolder {
 public:
  ScratchFolder() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "backlog-generate-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) {
      throw std::runtime_error("cannot create a temporary folder: " +
                               std::string(std::strerror(errno)));
    }
    path_ = pattern;
  }
  ~ScratchFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string RandomHex(std::size_t bytes) {
  std::random_device device;
  std::string text;
  static constexpr char kDigits[] = "0123456789abcdef";
  for (std::size_t i = 0; i < bytes; ++i) {
    const unsigned value = device() & 0xFFu;
    text += kDigits[value >> 4];
    text += kDigits[value & 0xFu];
  }
  return text;
}

std::size_t TerminalWidth() {
  winsize size{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 10) return size.ws_col;
  return 100;
}

// Shows progress events on stderr: a bar redrawn in place on a terminal, otherwise a line when
// a tenth of the steps more are done or ten seconds passed, so logs stay readable.
class ProgressDisplay {
 public:
  explicit ProgressDisplay(bool quiet) : quiet_(quiet), terminal_(::isatty(STDERR_FILENO) == 1) {}

  void Show(const nlohmann::json& progress) {
    if (quiet_) return;
    if (terminal_) {
      std::cerr << '\r' << ProgressLine(progress, TerminalWidth() - 1, true) << "\x1b[K"
                << std::flush;
      drawn_ = true;
      return;
    }
    const int done = progress.value("done", 0);
    const int total = std::max(progress.value("total", 0), 1);
    const auto now = std::chrono::steady_clock::now();
    if (done * 10 / total > last_tenth_ || now - last_line_ >= std::chrono::seconds(10)) {
      last_tenth_ = done * 10 / total;
      last_line_ = now;
      std::cerr << "progress: " << ProgressLine(progress, 400, false) << '\n';
    }
  }

  // Ends the bar's line before other output.
  void Finish() {
    if (drawn_) std::cerr << '\n';
    drawn_ = false;
  }

 private:
  bool quiet_;
  bool terminal_;
  bool drawn_ = false;
  int last_tenth_ = -1;
  std::chrono::steady_clock::time_point last_line_{};
};

std::string Counts(const backlog::Backlog& backlog) {
  std::size_t features = 0, stories = 0, tasks = 0, cases = 0;
  for (const auto& epic : backlog.epics) {
    features += epic.features.size();
    for (const auto& feature : epic.features) {
      stories += feature.stories.size();
      for (const auto& story : feature.stories) {
        tasks += story.tasks.size();
        cases += story.test_cases.size();
      }
    }
  }
  return std::to_string(backlog.epics.size()) + " epics, " + std::to_string(features) +
         " features, " + std::to_string(stories) + " stories, " + std::to_string(tasks) +
         " tasks, " + std::to_string(cases) + " test cases";
}

// The service can use a user's own provider key; a run without the server has only the
// configured ones, so a missing key is said before any call instead of after failed ones.
std::optional<std::string> MissingProviderKey(const Config& config) {
  if (!config.llm_defaults_file.empty()) return std::nullopt;  // agents may use other providers
  if (config.llm_provider == "openai" && config.openai_api_key.empty()) {
    return "OPENAI_API_KEY is not set (or choose another provider with --provider)";
  }
  if (config.llm_provider == "grok" && config.grok_api_key.empty()) {
    return "GROK_API_KEY is not set (or choose another provider with --provider)";
  }
  return std::nullopt;
}

struct RunResult {
  store::JobRow job;
  backlog::Backlog backlog;
  store::UsageTotals usage;
};

RunResult Generate(Config config, backlog::Project project, bool quiet) {
  ScratchFolder scratch;
  config.sqlite_path = scratch.path() / "generate.db";
  // Nothing is stored under these keys in a one-off database; they only have to exist.
  if (config.data_encryption_key.empty()) config.data_encryption_key = RandomHex(32);
  store::sqlite::SqliteOptions database_options;
  database_options.path = config.sqlite_path;
  // One connection per step thread, plus the runner, its watcher and this thread.
  database_options.pool_size = static_cast<std::size_t>(config.job_step_threads) + 4;
  store::sqlite::SqliteDatabase database(database_options);
  database.Migrate(store::sqlite::EmbeddedMigrations());

  // Projects and jobs belong to a user: a local one that cannot sign in ("!" is no hash).
  store::sql::SqlUserStore users(database);
  store::UserRecord user;
  users.Create({"cli", "cli@localhost", "backlog generate", "!", "user"}, Now(), &user);

  LlmStack llm(config, database);
  PipelineStack pipeline(config, database, llm);

  // Through the same services as the API: the same rules, the same job.
  services::ProjectFields fields;
  fields.name = project.name;
  fields.domains = project.domains;
  fields.vision = project.vision;
  fields.target_users = project.target_users;
  fields.limits = project.limits;
  fields.include_test_artifacts = project.include_test_artifacts;
  project = pipeline.projects().Create(user.id, fields);
  services::JobService& jobs = pipeline.jobs();
  store::JobRow job = jobs.StartGeneration(user.id, project.id, /*replace=*/false);

  std::mutex mutex;
  std::condition_variable changed;
  bool notified = false;
  const auto subscription = jobs.Subscribe(job.id, [&] {
    {
      std::lock_guard lock(mutex);
      notified = true;
    }
    changed.notify_one();
  });
  pipeline.Start();

  ProgressDisplay display(quiet);
  bool cancel_sent = false;
  std::int64_t shown_seq = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex);
      changed.wait_for(lock, std::chrono::milliseconds(200), [&] { return notified; });
      notified = false;
    }
    if (interrupted && !cancel_sent) {
      cancel_sent = true;
      display.Finish();
      std::cerr << "cancelling (press Ctrl-C again to quit at once)...\n";
      try {
        jobs.Cancel(user.id, job.id);
      } catch (const services::ServiceError&) {
        // It finished meanwhile: the loop sees its final state next.
      }
    }
    const services::JobStatus status = jobs.Status(user.id, job.id);
    if (status.progress && status.progress->seq != shown_seq) {
      shown_seq = status.progress->seq;
      display.Show(nlohmann::json::parse(status.progress->data, nullptr, false));
    }
    if (store::IsFinal(status.job.state)) {
      job = status.job;
      break;
    }
  }
  display.Finish();
  jobs.Unsubscribe(subscription);
  pipeline.Stop();

  RunResult result;
  result.job = job;
  result.backlog = pipeline.backlogs().Tree(user.id, project.id);
  result.usage = llm.store().TotalsForJob(job.id);
  return result;
}

}  // namespace

int RunGenerate(const CommandContext& context, const GenerateArguments& arguments) {
  std::string problem;
  const auto format = FormatFor(arguments, problem);
  if (!format) {
    std::cerr << "backlog generate: " << problem << '\n';
    return kExitBadConfig;
  }
  const auto out_folder =
      arguments.out.has_parent_path() ? arguments.out.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(out_folder, ec)) {
    std::cerr << "backlog generate: the folder of --out does not exist: " << out_folder.string()
              << '\n';
    return kExitBadConfig;
  }
  backlog::Project project;
  try {
    project = ReadVisionFile(arguments.vision_file);
  } catch (const VisionFileError& error) {
    std::cerr << "backlog generate: " << error.what() << '\n';
    return kExitBadConfig;
  }

  // The overrides go through the same validation as the variables they replace.
  EnvironmentMap overrides;
  if (!arguments.provider.empty()) overrides["LLM_PROVIDER"] = arguments.provider;
  if (!arguments.model.empty()) overrides["LLM_MODEL"] = arguments.model;
  auto loaded = LoadCommandConfig(context, Purpose::kMaintenance, overrides);
  if (!loaded) return kExitBadConfig;
  if (auto missing = MissingProviderKey(loaded->config)) {
    std::cerr << "backlog generate: configuration error: " << *missing << '\n';
    return kExitBadConfig;
  }

  // Only problems reach the terminal; the progress display says the rest.
  auto logger = spdlog::stderr_logger_mt("backlog-generate");
  logger->set_level(spdlog::level::err);
  logger->set_pattern("backlog generate: %l: %v");
  spdlog::set_default_logger(logger);

  std::signal(SIGINT, OnInterrupt);
  std::signal(SIGTERM, OnInterrupt);
  const auto started = std::chrono::steady_clock::now();
  RunResult result;
  try {
    result = Generate(loaded->config, std::move(project), arguments.quiet);
  } catch (const std::exception& error) {
    std::cerr << "backlog generate: " << error.what() << '\n';
    return kExitFailure;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const store::JobState state = result.job.state;
  const bool completed =
      state == store::JobState::kCompleted || state == store::JobState::kCompletedWithWarnings;
  const bool has_nodes = !result.backlog.epics.empty();
  const auto destination = completed ? arguments.out : PartialPath(arguments.out);
  if (completed || has_nodes) {
    try {
      WriteAtomically(destination, backlog::ExportBacklog(result.backlog, *format),
                      context.user_umask);
    } catch (const std::exception& error) {
      std::cerr << "backlog generate: " << error.what() << '\n';
      return kExitFailure;
    }
  }
  char cost[32];
  std::snprintf(cost, sizeof(cost), "$%.4f", result.usage.cost_usd);
  std::cerr << "backlog generate: " << store::JobStateName(state) << " in "
            << ShortDuration(seconds) << " (" << result.usage.calls << " LLM calls, "
            << result.usage.prompt_tokens + result.usage.completion_tokens << " tokens, " << cost
            << ")\n";
  if (!result.job.error.empty()) std::cerr << "backlog generate: " << result.job.error << '\n';
  if (completed || has_nodes) {
    std::cerr << "backlog generate: wrote " << Counts(result.backlog) << " to "
              << destination.string() << (completed ? "" : " (incomplete)") << '\n';
  }
  if (state == store::JobState::kCompleted) return kExitOk;
  if (state == store::JobState::kCompletedWithWarnings) {
    std::cerr << "backlog generate: some items did not pass the quality checks and are flagged "
                 "for review (needs_review)\n";
    return kExitCompletedWithWarnings;
  }
  if (state == store::JobState::kCancelled) return kExitCancelled;
  return kExitFailure;
}

}  // namespace app
