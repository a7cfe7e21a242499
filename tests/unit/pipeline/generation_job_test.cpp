// A generation job over the real SQLite store with a fake generator: the order its steps run in,
// steps of one level running side by side, resuming without redoing finished steps, and
// cancelling. Nothing here sleeps: a held generator call is the moment the tests look.
#include "pipeline/generation_job.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "unit/pipeline/fake_backlog_generator.hpp"
#include "unit/pipeline/job_fixture.hpp"

namespace pipeline {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;

using GenerationJobTest = JobFixture;

const std::map<std::string, int> kWholeTree = {{"epic", 2},      {"feature", 4},   {"story", 4},
                                               {"task", 4},      {"test_case", 4}, {"test_plan", 4},
                                               {"test_suite", 4}};

TEST_F(GenerationJobTest, UpperLevelsRunBeforeLeavesThenInArrivalOrder) {
  FakeBacklogGenerator generator;
  const auto job = MakeJob(QueueJob(), generator, 1);
  const JobExecution::Outcome outcome = job->Run();
  EXPECT_EQ(outcome.state, store::JobState::kCompleted) << outcome.error;
  // One thread, so the order is the scheduler's alone: each epic, feature and story unlocks
  // more work than a leaf, so all of them go first.
  EXPECT_THAT(generator.Calls(),
              ElementsAre("epics", "features:Epic 1", "features:Epic 2", "stories:Feature 3",
                          "stories:Feature 4", "stories:Feature 5", "stories:Feature 6",
                          "tasks:Story 7", "suite:Story 7", "cases:Story 7", "plan:Feature 3",
                          "tasks:Story 8", "suite:Story 8", "cases:Story 8", "plan:Feature 4",
                          "tasks:Story 9", "suite:Story 9", "cases:Story 9", "plan:Feature 5",
                          "tasks:Story 10", "suite:Story 10", "cases:Story 10", "plan:Feature 6"));
  EXPECT_EQ(NodeCounts(), kWholeTree);
}

TEST_F(GenerationJobTest, EveryStepIsCommittedOnceWithItsEvents) {
  FakeBacklogGenerator generator;
  const store::JobRow row = QueueJob();
  EXPECT_EQ(MakeJob(row, generator, 4)->Run().state, store::JobState::kCompleted);
  const auto steps = store_.Steps(row.id);
  EXPECT_EQ(steps.size(), static_cast<std::size_t>(kSteps));
  for (const auto& [step, state] : steps) EXPECT_EQ(state, "done") << step;
  int node_events = 0;
  int step_events = 0;
  for (const auto& event : store_.Events(row.id, 0, 1'000)) {
    node_events += event.type == "node";
    step_events += event.type == "step";
  }
  EXPECT_EQ(node_events, 26);  // one per node
  EXPECT_EQ(step_events, kSteps);
  EXPECT_EQ(NodeCounts(), kWholeTree);
}

TEST_F(GenerationJobTest, ProgressNeverGoesBackAndEndsComplete) {
  FakeBacklogGenerator generator;
  const store::JobRow row = QueueJob();
  // Many threads, so steps finish at the same time: their progress must still be stored in the
  // order it was counted.
  EXPECT_EQ(MakeJob(row, generator, 8)->Run().state, store::JobState::kCompleted);
  int last_done = -1;
  nlohmann::json last;
  for (const auto& event : store_.Events(row.id, 0, 1'000)) {
    if (event.type != "progress") continue;
    last = nlohmann::json::parse(event.data);
    EXPECT_GE(last["done"].get<int>(), last_done) << event.seq;
    last_done = last["done"].get<int>();
  }
  EXPECT_EQ(last["done"], kSteps);
  EXPECT_EQ(last["total"], kSteps);
}

TEST_F(GenerationJobTest, AStepStartsAsSoonAsItsParentExists) {
  FakeBacklogGenerator generator;
  generator.Hold("features:Epic 1");
  const auto job = MakeJob(QueueJob(), generator, 2);
  JobExecution::Outcome outcome;
  std::thread runner([&] { outcome = job->Run(); });
  ASSERT_TRUE(generator.AwaitHeld());
  // The second epic's features and their stories go ahead while the first epic's are in flight:
  // the tree grows by branch, not level by level.
  EXPECT_TRUE(generator.AwaitCall("stories:Feature 3"));
  EXPECT_TRUE(generator.AwaitCall("tasks:Story 5"));
  generator.Release();
  runner.join();
  EXPECT_EQ(outcome.state, store::JobState::kCompleted) << outcome.error;
  EXPECT_EQ(generator.Calls().size(), static_cast<std::size_t>(kSteps));
  EXPECT_EQ(NodeCounts(), kWholeTree);
}

TEST_F(GenerationJobTest, AResumedJobDoesNotRedoFinishedSteps) {
  const store::JobRow row = QueueJob();
  FakeBacklogGenerator first;
  const auto interrupted = MakeJob(row, first, 1);
  // The worker stops while the second epic's features are being generated.
  first.OnCall([&](const std::string& call) {
    if (call == "features:Epic 2") interrupted->Cancel();
  });
  EXPECT_EQ(interrupted->Run().state, store::JobState::kCancelled);
  const std::vector<std::string> epics = NodeIds("epic");
  const std::vector<std::string> features = NodeIds("feature");
  ASSERT_EQ(epics.size(), 2u);
  ASSERT_EQ(features.size(), 2u);              // the first epic's
  EXPECT_EQ(store_.Steps(row.id).size(), 2u);  // epics, and the first epic's features

  FakeBacklogGenerator second;
  const JobExecution::Outcome outcome = MakeJob(row, second, 1)->Run();
  EXPECT_EQ(outcome.state, store::JobState::kCompleted) << outcome.error;
  const auto calls = second.Calls();
  EXPECT_THAT(calls, Not(Contains("epics")));
  EXPECT_THAT(calls, Not(Contains("features:Epic 1")));
  EXPECT_THAT(calls, Contains("features:Epic 2"));
  EXPECT_THAT(calls, Contains("stories:Feature 3"));  // made by the first run
  EXPECT_EQ(calls.size(), static_cast<std::size_t>(kSteps - 2));
  // What the first run made is kept, not made again.
  EXPECT_EQ(NodeIds("epic"), epics);
  for (const auto& id : features) EXPECT_THAT(NodeIds("feature"), Contains(id));
  EXPECT_EQ(NodeCounts(), kWholeTree);
}

TEST_F(GenerationJobTest, CancellingStopsTheJobAndStartsNoFurtherCall) {
  const store::JobRow row = QueueJob();
  FakeBacklogGenerator generator;
  generator.Hold("stories:Feature 3");
  const auto job = MakeJob(row, generator, 1);
  JobExecution::Outcome outcome;
  std::thread runner([&] { outcome = job->Run(); });
  ASSERT_TRUE(generator.AwaitHeld());
  job->Cancel();
  generator.Release();  // the call in flight returns, cancelled
  runner.join();
  EXPECT_EQ(outcome.state, store::JobState::kCancelled);
  EXPECT_THAT(generator.Calls(),
              ElementsAre("epics", "features:Epic 1", "features:Epic 2", "stories:Feature 3"));
  // The step in flight is not committed; nothing under the features was written.
  std::map<std::string, std::string> done = {{"epics", "done"}};
  for (const auto& epic : NodeIds("epic")) done["features:" + epic] = "done";
  EXPECT_EQ(store_.Steps(row.id), done);
  EXPECT_EQ(NodeCounts(), (std::map<std::string, int>{{"epic", 2}, {"feature", 4}}));
}

}  // namespace
}  // namespace pipeline
