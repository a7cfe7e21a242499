#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "pipeline/backlog_generator.hpp"

namespace pipeline {

// Answers every generation with items that pass the quality rules, numbered so that no two are
// near-duplicates, and records each call as "<step kind>:<parent title>" ("epics", "features:Epic
// 1", "stories:Feature 3", "tasks:Story 5", "plan:Feature 3", "suite:Story 5", "cases:Story 5").
// Like the real client, a call whose job is cancelled throws llm::LlmError (kCancelled). A test
// can hold one call until it releases it, to look at a job while a step is in flight.
class FakeBacklogGenerator final : public BacklogGenerator {
 public:
  using Hook = std::function<void(const std::string& call)>;

  // Every call so far, in the order they started.
  std::vector<std::string> Calls() const;
  // Blocks until `call` has started; false after `limit` of real time (a failure, not a wait).
  bool AwaitCall(const std::string& call,
                 std::chrono::milliseconds limit = std::chrono::milliseconds(20'000));

  // The next call named `call` waits, once started, until Release().
  void Hold(std::string call);
  bool AwaitHeld(std::chrono::milliseconds limit = std::chrono::milliseconds(20'000));
  void Release();

  // Runs at the start of every call, before the cancel check.
  void OnCall(Hook hook);

  std::vector<backlog::Epic> Epics(const backlog::Project& project, int max_items,
                                   const Context& context) override;
  backlog::Epic RegenerateEpic(const backlog::Project& project, const backlog::Epic& failing,
                               const std::vector<backlog::Epic>& siblings,
                               const std::string& findings, const Context& context) override;
  std::vector<backlog::Feature> Features(const backlog::Project& project, const backlog::Epic& epic,
                                         int max_items, const Context& context) override;
  backlog::Feature RegenerateFeature(const backlog::Project& project, const backlog::Epic& epic,
                                     const backlog::Feature& failing, const std::string& findings,
                                     const Context& context) override;
  std::vector<backlog::Story> Stories(const backlog::Project& project, const backlog::Epic& epic,
                                      const backlog::Feature& feature, int max_items,
                                      const Context& context) override;
  backlog::Story RegenerateStory(const backlog::Project& project, const backlog::Epic& epic,
                                 const backlog::Feature& feature, const backlog::Story& failing,
                                 const std::string& findings, const Context& context) override;
  std::vector<backlog::Task> Tasks(const backlog::Project& project, const backlog::Feature& feature,
                                   const backlog::Story& story, int max_items,
                                   const Context& context) override;
  backlog::Task RegenerateTask(const backlog::Project& project, const backlog::Feature& feature,
                               const backlog::Story& story, const backlog::Task& failing,
                               const std::string& findings, const Context& context) override;
  backlog::TestPlan TestPlan(const backlog::Project& project, const backlog::Feature& feature,
                             const Context& context) override;
  backlog::TestPlan RegenerateTestPlan(const backlog::Project& project,
                                       const backlog::Feature& feature,
                                       const backlog::TestPlan& failing,
                                       const std::string& findings,
                                       const Context& context) override;
  backlog::TestSuite TestSuite(const backlog::Project& project, const backlog::Feature& feature,
                               const backlog::Story& story, const Context& context) override;
  backlog::TestSuite RegenerateTestSuite(const backlog::Project& project,
                                         const backlog::Feature& feature,
                                         const backlog::Story& story,
                                         const backlog::TestSuite& failing,
                                         const std::string& findings,
                                         const Context& context) override;
  std::vector<backlog::TestCase> TestCases(const backlog::Project& project,
                                           const backlog::Feature& feature,
                                           const backlog::Story& story, int max_items,
                                           const Context& context) override;
  backlog::TestCase RegenerateTestCase(const backlog::Project& project,
                                       const backlog::Feature& feature, const backlog::Story& story,
                                       const backlog::TestCase& failing,
                                       const std::string& findings,
                                       const Context& context) override;

 private:
  // Records the call, runs the hook, waits if held, then throws if the job is cancelled.
  void Enter(const std::string& call, const Context& context);
  int Next();

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> calls_;
  Hook hook_;
  std::string hold_;
  bool holding_ = false;  // the held call has started and waits
  bool released_ = false;
  int next_ = 0;
};

}  // namespace pipeline
