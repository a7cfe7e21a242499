#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "backlog/model.hpp"
#include "pipeline/backlog_generator.hpp"
#include "pipeline/event_bus.hpp"
#include "pipeline/job_runner.hpp"
#include "pipeline/quality_gate.hpp"
#include "store/llm_call_store.hpp"
#include "store/pipeline_store.hpp"
#include "timing/clock.hpp"

namespace pipeline {

struct JobDependencies {
  store::ProjectStore& projects;
  store::JobStore& jobs;
  BacklogGenerator& generator;
  EventBus& bus;
  // Tokens and cost recorded so far for a job (from the LLM accounting).
  std::function<store::UsageTotals(std::string_view job_id)> usage;
  timing::Clock& clock;  // event times and the job's elapsed time
};

struct GenerationOptions {
  int max_item_attempts = 3;  // generations per item: the first and its regenerations
  int threads = 16;           // steps in progress at once; the LLM limiter is the real bound
};

// A "regenerate" job's request: one node again, with the reviewer's instructions, and
// optionally everything under it.
struct Regeneration {
  std::string node_id;
  bool with_children = false;
  std::string instructions;  // may be empty

  static constexpr std::size_t kMaxInstructions = 2'000;
  // Reads a regenerate job's options; throws std::invalid_argument.
  static Regeneration FromOptions(const nlohmann::json& options);
  nlohmann::json ToOptions() const;
};

// One generation job: a graph of steps, one per node to expand (the project → epics; each epic
// → features; each feature → stories, then its test plan; each story → tasks, test suite, test
// cases). A step starts as soon as its parent exists, so the tree grows in parallel. Each
// finished step writes its nodes, its completion and its events in one transaction; a resumed
// job skips finished steps. Items failing the quality rules are regenerated alone, then kept
// and flagged. Never fills a gap with invented content.
//
// A "regenerate" job is the same graph rooted at one existing node: the step "node:<id>"
// rewrites that node (its children go in the same transaction when they are regenerated too),
// then the node's child steps run as in a full generation.
class GenerationJob final : public JobExecution {
 public:
  GenerationJob(store::JobRow job, backlog::Project project, JobDependencies dependencies,
                GenerationOptions options);
  ~GenerationJob() override;

  // Runs every remaining step. Does not write the final state: the runner does.
  Outcome Run() override;
  // Stops in-flight calls promptly; safe from any thread.
  void Cancel() override {
    cancelled_ = true;
    changed_.notify_all();
  }
  bool cancelled() const { return cancelled_; }

 private:
  struct Step {
    std::string id;    // "epics", "features:<epic>", "stories:<feature>", "plan:<feature>",
                       // "tasks:<story>", "suite:<story>", "cases:<story>", "node:<any>"
    std::string kind;  // the part before ':'
    std::string parent_id;
  };

  void Schedule(Step step);
  void ScheduleMissing();
  // The steps not yet done under an existing node (called with mutex_ held).
  void CollectMissing(const backlog::Epic& epic, std::vector<Step>& missing);
  void CollectMissing(const backlog::Feature& feature, std::vector<Step>& missing);
  void CollectMissing(const backlog::Story& story, std::vector<Step>& missing);
  bool StepDone(const std::string& id) const;
  // The child steps of a node that now exists.
  void ScheduleChildren(backlog::NodeKind kind, const std::string& node_id);
  void Execute(const Step& step);
  void RunEpics(const Step& step);
  void RunFeatures(const Step& step);
  void RunStories(const Step& step);
  void RunTasks(const Step& step);
  void RunTestPlan(const Step& step);
  void RunTestSuite(const Step& step);
  void RunTestCases(const Step& step);
  void RunNode(const Step& step);  // in node_regeneration.cpp
  // The feature and story a story-level step works on, copied out of the tree (empty ids when
  // the story is gone).
  struct StoryScope {
    backlog::Feature feature;
    backlog::Story story;
  };
  StoryScope ScopeOf(const std::string& story_id);
  // Every story in the tree so far, for the uniqueness of new ones.
  std::vector<ExistingItem> ExistingStories();
  // Applies the step to the in-memory tree, then writes its nodes, completion and events in one
  // transaction.
  void Commit(const Step& step, store::TreeChanges changes, int needs_review,
              const std::function<void()>& apply_to_tree);
  void FailStep(const Step& step, const std::string& error);
  nlohmann::json Progress();
  void Notify();
  std::int64_t UnixNow() const { return timing::UnixSeconds(deps_.clock); }
  agents::CallContext Context(const Step& step) const;

  store::JobRow job_;
  backlog::Project project_;
  std::optional<Regeneration> regeneration_;
  JobDependencies deps_;
  GenerationOptions options_;
  std::atomic<bool> cancelled_{false};
  timing::Clock::SteadyTime started_;

  // Held from a progress count to its event's commit, so two steps finishing at once store their
  // progress in the order it was counted: the last progress event is never an older count.
  std::mutex commit_mutex_;
  std::mutex mutex_;  // guards everything below
  std::condition_variable changed_;
  backlog::Backlog tree_;
  std::map<std::string, std::string> finished_;  // step id -> done | failed
  std::map<std::string, int> done_by_kind_;
  std::map<std::string, int> scheduled_by_kind_;
  std::deque<Step> queue_;
  int running_ = 0;
  std::string fatal_error_;
  int failed_steps_ = 0;
  std::string failure_detail_;  // why the root step ("epics" or a regeneration's "node") failed
  int needs_review_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace pipeline
