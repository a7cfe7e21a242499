// The scheduler of a generation job: which steps remain, the threads that run them in priority
// order, the commit of each finished step with its events, progress, and the job's outcome. The
// step bodies are in generation_steps.cpp and node_regeneration.cpp.

#include "pipeline/generation_job.hpp"

#include <spdlog/spdlog.h>

#include "backlog/limits.hpp"
#include "backlog/quality.hpp"
#include "llm/llm_error.hpp"
#include "pipeline/quality_gate.hpp"
#include "pipeline/tree_rows.hpp"

namespace pipeline {
namespace {

using backlog::NodeKind;

nlohmann::json UsageJson(const store::UsageTotals& usage) {
  return {{"calls", usage.calls},
          {"prompt_tokens", usage.prompt_tokens},
          {"completion_tokens", usage.completion_tokens},
          {"cost_usd", usage.cost_usd}};
}

std::string KindOf(const std::string& step_id) { return step_id.substr(0, step_id.find(':')); }

}  // namespace

GenerationJob::GenerationJob(store::JobRow job, backlog::Project project,
                             JobDependencies dependencies, GenerationOptions options)
    : job_(std::move(job)),
      project_(std::move(project)),
      deps_(std::move(dependencies)),
      options_(options) {
  if (job_.kind == store::JobKind::kRegenerate) {
    regeneration_ = Regeneration::FromOptions(nlohmann::json::parse(job_.options));
  }
}

Regeneration Regeneration::FromOptions(const nlohmann::json& options) {
  if (!options.is_object() || !options.contains("node_id") || !options["node_id"].is_string()) {
    throw std::invalid_argument("a regeneration names its node_id");
  }
  Regeneration regeneration;
  regeneration.node_id = options["node_id"].get<std::string>();
  if (const auto it = options.find("with_children"); it != options.end() && !it->is_null()) {
    if (!it->is_boolean()) throw std::invalid_argument("with_children must be true or false");
    regeneration.with_children = it->get<bool>();
  }
  if (const auto it = options.find("instructions"); it != options.end() && !it->is_null()) {
    if (!it->is_string()) throw std::invalid_argument("instructions must be text");
    regeneration.instructions = it->get<std::string>();
    if (regeneration.instructions.size() > kMaxInstructions) {
      throw std::invalid_argument("instructions must be at most 2000 characters");
    }
  }
  return regeneration;
}

nlohmann::json Regeneration::ToOptions() const {
  return {{"node_id", node_id}, {"with_children", with_children}, {"instructions", instructions}};
}

GenerationJob::~GenerationJob() {
  cancelled_ = true;
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

namespace {

// Upper levels first: each epic, feature or story unlocks several steps, so keeping them from
// waiting behind leaves (tasks, tests) shortens the whole job.
int StepPriority(std::string_view kind) {
  if (kind == "epics" || kind == "node") return 0;
  if (kind == "features") return 1;
  if (kind == "stories") return 2;
  return 3;
}

}  // namespace

agents::CallContext GenerationJob::Context(const Step& step) const {
  return {job_.owner_id, job_.id, &cancelled_, StepPriority(step.kind)};
}

void GenerationJob::Notify() { deps_.bus.Notify(job_.id); }

void GenerationJob::Schedule(Step step) {
  std::lock_guard lock(mutex_);
  if (finished_.contains(step.id) && finished_[step.id] == "done") return;
  ++scheduled_by_kind_[step.kind];
  queue_.push_back(std::move(step));
  changed_.notify_one();
}

bool GenerationJob::StepDone(const std::string& id) const {
  const auto it = finished_.find(id);
  return it != finished_.end() && it->second == "done";
}

void GenerationJob::CollectMissing(const backlog::Story& story, std::vector<Step>& missing) {
  if (!StepDone("tasks:" + story.id)) missing.push_back({"tasks:" + story.id, "tasks", story.id});
  if (!project_.include_test_artifacts) return;
  if (!StepDone("suite:" + story.id)) missing.push_back({"suite:" + story.id, "suite", story.id});
  if (!StepDone("cases:" + story.id)) missing.push_back({"cases:" + story.id, "cases", story.id});
}

void GenerationJob::CollectMissing(const backlog::Feature& feature, std::vector<Step>& missing) {
  if (!StepDone("stories:" + feature.id)) {
    missing.push_back({"stories:" + feature.id, "stories", feature.id});
    return;  // the stories step schedules the test plan and everything below
  }
  if (project_.include_test_artifacts && !StepDone("plan:" + feature.id)) {
    missing.push_back({"plan:" + feature.id, "plan", feature.id});
  }
  for (const auto& story : feature.stories) CollectMissing(story, missing);
}

void GenerationJob::CollectMissing(const backlog::Epic& epic, std::vector<Step>& missing) {
  if (!StepDone("features:" + epic.id)) {
    missing.push_back({"features:" + epic.id, "features", epic.id});
    return;
  }
  for (const auto& feature : epic.features) CollectMissing(feature, missing);
}

void GenerationJob::ScheduleMissing() {
  std::vector<Step> missing;
  {
    std::lock_guard lock(mutex_);
    if (!regeneration_) {
      if (!StepDone("epics")) {
        missing.push_back({"epics", "epics", ""});
      } else {
        for (const auto& epic : tree_.epics) CollectMissing(epic, missing);
      }
    } else if (const std::string& root = regeneration_->node_id; !StepDone("node:" + root)) {
      missing.push_back({"node:" + root, "node", root});
    } else if (regeneration_->with_children) {
      for (const auto& epic : tree_.epics) {
        if (epic.id == root) CollectMissing(epic, missing);
        for (const auto& feature : epic.features) {
          if (feature.id == root) CollectMissing(feature, missing);
          for (const auto& story : feature.stories) {
            if (story.id == root) CollectMissing(story, missing);
          }
        }
      }
    }
  }
  for (auto& step : missing) Schedule(std::move(step));
}

void GenerationJob::ScheduleChildren(backlog::NodeKind kind, const std::string& node_id) {
  switch (kind) {
    case NodeKind::kEpic:
      Schedule({"features:" + node_id, "features", node_id});
      break;
    case NodeKind::kFeature:
      Schedule({"stories:" + node_id, "stories", node_id});
      break;
    case NodeKind::kStory:
      Schedule({"tasks:" + node_id, "tasks", node_id});
      if (project_.include_test_artifacts) {
        Schedule({"suite:" + node_id, "suite", node_id});
        Schedule({"cases:" + node_id, "cases", node_id});
      }
      break;
    default:
      break;  // tasks and test artefacts have no children
  }
}

JobExecution::Outcome GenerationJob::Run() {
  started_ = deps_.clock.Now();
  {
    finished_ = deps_.jobs.Steps(job_.id);
    if (finished_.empty() && !regeneration_) {
      // A new generation replaces the project's previous backlog.
      deps_.projects.ClearNodes(project_.id);
    }
    tree_ = AssembleBacklog(project_, deps_.projects.Nodes(project_.id));
    for (const auto& [id, state] : finished_) {
      if (state == "done") ++done_by_kind_[KindOf(id)];
    }
  }
  ScheduleMissing();

  const int threads = std::max(1, options_.threads);
  for (int i = 0; i < threads; ++i) {
    threads_.emplace_back([this] {
      std::unique_lock lock(mutex_);
      for (;;) {
        changed_.wait(lock, [this] { return !queue_.empty() || running_ == 0; });
        if (queue_.empty()) break;  // nothing queued and nothing running: the graph is done
        if (cancelled_) {
          queue_.clear();
          changed_.notify_all();
          continue;
        }
        const auto next =
            std::min_element(queue_.begin(), queue_.end(), [](const Step& left, const Step& right) {
              return StepPriority(left.kind) < StepPriority(right.kind);
            });
        const Step step = std::move(*next);
        queue_.erase(next);
        ++running_;
        lock.unlock();
        Execute(step);
        lock.lock();
        --running_;
        changed_.notify_all();
      }
    });
  }
  for (auto& thread : threads_) thread.join();
  threads_.clear();

  Outcome outcome;
  std::lock_guard lock(mutex_);
  if (!fatal_error_.empty()) {
    outcome.state = store::JobState::kFailed;
    outcome.error = fatal_error_;
  } else if (cancelled_) {
    outcome.state = store::JobState::kCancelled;
  } else if (!regeneration_ && !StepDone("epics")) {
    outcome.state = store::JobState::kFailed;
    outcome.error = "no epics could be generated";
    if (!failure_detail_.empty()) outcome.error += ": " + failure_detail_;
  } else if (regeneration_ && !StepDone("node:" + regeneration_->node_id)) {
    outcome.state = store::JobState::kFailed;
    outcome.error = "the item could not be regenerated";
    if (!failure_detail_.empty()) outcome.error += ": " + failure_detail_;
  } else {
    // Near-duplicates are only visible across the whole tree: check them last.
    backlog::Backlog checked = tree_;
    backlog::FindDuplicates(checked);
    const auto now = UnixNow();
    int duplicates = 0;
    const auto update = [&](const auto& before, const auto& after) {
      if (before.quality.findings.size() == after.quality.findings.size()) return;
      auto changed = after;
      changed.quality.needs_review =
          changed.quality.needs_review || !backlog::Passes(changed.quality);
      deps_.projects.UpdateNode(changed.id, NodeData(changed), now);
      ++duplicates;
    };
    for (std::size_t e = 0; e < tree_.epics.size(); ++e) {
      update(tree_.epics[e], checked.epics[e]);
      for (std::size_t f = 0; f < tree_.epics[e].features.size(); ++f) {
        update(tree_.epics[e].features[f], checked.epics[e].features[f]);
        for (std::size_t s = 0; s < tree_.epics[e].features[f].stories.size(); ++s) {
          update(tree_.epics[e].features[f].stories[s], checked.epics[e].features[f].stories[s]);
        }
      }
    }
    tree_ = std::move(checked);
    outcome.state = (failed_steps_ > 0 || needs_review_ > 0 || duplicates > 0)
                        ? store::JobState::kCompletedWithWarnings
                        : store::JobState::kCompleted;
    outcome.summary["duplicates_found"] = duplicates;
  }
  const backlog::NodeCounts counts = backlog::CountNodes(tree_);
  const nlohmann::json nodes = {
      {"epic", counts.epics},           {"feature", counts.features},
      {"story", counts.stories},        {"task", counts.tasks},
      {"test_plan", counts.test_plans}, {"test_suite", counts.test_suites},
      {"test_case", counts.test_cases}};
  outcome.summary["nodes"] = nodes;
  outcome.summary["needs_review"] = needs_review_;
  outcome.summary["failed_steps"] = failed_steps_;
  outcome.summary["duration_s"] =
      std::chrono::duration<double>(deps_.clock.Now() - started_).count();
  if (deps_.usage) outcome.summary["usage"] = UsageJson(deps_.usage(job_.id));
  return outcome;
}

void GenerationJob::Execute(const Step& step) {
  try {
    if (step.kind == "epics") {
      RunEpics(step);
    } else if (step.kind == "features") {
      RunFeatures(step);
    } else if (step.kind == "stories") {
      RunStories(step);
    } else if (step.kind == "tasks") {
      RunTasks(step);
    } else if (step.kind == "plan") {
      RunTestPlan(step);
    } else if (step.kind == "suite") {
      RunTestSuite(step);
    } else if (step.kind == "cases") {
      RunTestCases(step);
    } else if (step.kind == "node") {
      RunNode(step);
    }
  } catch (const llm::LlmError& error) {
    if (error.kind() == llm::LlmErrorKind::kCancelled || cancelled_) return;  // not committed
    if (IsFatal(error)) {
      std::lock_guard lock(mutex_);
      if (fatal_error_.empty()) fatal_error_ = error.what();
      cancelled_ = true;
      changed_.notify_all();
      return;
    }
    FailStep(step, error.what());
  } catch (const std::exception& error) {
    spdlog::error("job {} step {} failed: {}", job_.id, step.id, error.what());
    std::lock_guard lock(mutex_);
    if (fatal_error_.empty()) fatal_error_ = std::string("internal error: ") + error.what();
    cancelled_ = true;
    changed_.notify_all();
  }
}

void GenerationJob::FailStep(const Step& step, const std::string& error) {
  spdlog::warn("job {} step {} failed: {}", job_.id, step.id, error);
  const auto now = UnixNow();
  nlohmann::json data = {
      {"step", step.id}, {"kind", step.kind}, {"state", "failed"}, {"error", error}};
  std::lock_guard commit(commit_mutex_);
  deps_.jobs.CommitStep(job_.id, step.id, "failed", error, {}, {{0, now, "step", data.dump()}},
                        now);
  {
    std::lock_guard lock(mutex_);
    finished_[step.id] = "failed";
    ++failed_steps_;
    // The root step failing fails the job: its error is the job's.
    if (step.kind == "node" || step.kind == "epics") failure_detail_ = error;
  }
  deps_.jobs.AppendEvent(job_.id, {0, now, "progress", Progress().dump()});
  Notify();
}

void GenerationJob::Commit(const Step& step, store::TreeChanges changes, int needs_review,
                           const std::function<void()>& apply_to_tree) {
  const auto now = UnixNow();
  std::vector<store::EventRow> events;
  const auto node_event = [&](const store::NodeRow& row, bool updated) {
    nlohmann::json node = {{"id", row.id},
                           {"kind", row.kind},
                           {"parent_id", row.parent_id},
                           {"title", NodeTitle(row)}};
    if (updated) node["updated"] = true;
    events.push_back({0, now, "node", node.dump()});
  };
  for (const auto& row : changes.updated) node_event(row, true);
  for (const auto& row : changes.inserted) node_event(row, false);
  {
    std::lock_guard lock(mutex_);
    apply_to_tree();  // before the progress below counts this step's children
    finished_[step.id] = "done";
    ++done_by_kind_[step.kind];
    needs_review_ += needs_review;
  }
  nlohmann::json step_data = {{"step", step.id},
                              {"kind", step.kind},
                              {"state", "done"},
                              {"created", changes.inserted.size()},
                              {"updated", changes.updated.size()},
                              {"needs_review", needs_review}};
  events.push_back({0, now, "step", step_data.dump()});
  std::lock_guard commit(commit_mutex_);
  events.push_back({0, now, "progress", Progress().dump()});
  deps_.jobs.CommitStep(job_.id, step.id, "done", "", changes, events, now);
  Notify();
}

nlohmann::json GenerationJob::Progress() {
  std::lock_guard lock(mutex_);
  const auto& limits = project_.limits;
  const bool tests = project_.include_test_artifacts;
  // Steps per level: known where the parent level exists, else estimated from the limits.
  const bool epics_known = finished_.count("epics") && finished_.at("epics") == "done";
  const int epics = epics_known ? static_cast<int>(tree_.epics.size()) : limits.max_epics;
  int features = 0;
  int stories = 0;
  for (const auto& epic : tree_.epics) {
    const bool known = finished_.count("features:" + epic.id);
    const int f = known ? static_cast<int>(epic.features.size()) : limits.max_features_per_epic;
    features += f;
    if (!known) {
      stories += f * limits.max_stories_per_feature;
      continue;
    }
    for (const auto& feature : epic.features) {
      stories += finished_.count("stories:" + feature.id) ? static_cast<int>(feature.stories.size())
                                                          : limits.max_stories_per_feature;
    }
  }
  if (!epics_known) {
    features = epics * limits.max_features_per_epic;
    stories = features * limits.max_stories_per_feature;
  }
  std::map<std::string, int> totals = {{"epics", 1},
                                       {"features", epics},
                                       {"stories", features},
                                       {"tasks", stories},
                                       {"plan", tests ? features : 0},
                                       {"suite", tests ? stories : 0},
                                       {"cases", tests ? stories : 0}};
  if (regeneration_) {
    // A subtree: only the steps known so far (children appear as their parents finish).
    totals = scheduled_by_kind_;
    totals["node"] = 1;
  }
  nlohmann::json steps = nlohmann::json::object();
  int done = 0;
  int total = 0;
  for (const auto& [kind, count] : totals) {
    const int finished = done_by_kind_.count(kind) ? done_by_kind_.at(kind) : 0;
    steps[kind] = {{"done", finished}, {"total", std::max(count, finished)}};
    done += finished;
    total += std::max(count, finished);
  }
  const double elapsed = std::chrono::duration<double>(deps_.clock.Now() - started_).count();
  nlohmann::json progress = {{"steps", steps},
                             {"done", done},
                             {"total", total},
                             {"needs_review", needs_review_},
                             {"failed_steps", failed_steps_},
                             {"elapsed_s", elapsed}};
  progress["eta_s"] = done > 0 ? nlohmann::json(elapsed / done * (total - done)) : nullptr;
  if (deps_.usage) progress["usage"] = UsageJson(deps_.usage(job_.id));
  return progress;
}

}  // namespace pipeline
