#include "backlog/limits.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace backlog {
namespace {

using ::testing::HasSubstr;

// A backlog with `epics` epics, each with `features` features of `stories` stories, each with
// `tasks` tasks, `cases` test cases and a suite; every feature has a test plan.
Backlog Tree(int epics, int features, int stories, int tasks, int cases) {
  Backlog backlog;
  for (int e = 0; e < epics; ++e) {
    Epic epic;
    epic.id = "E" + std::to_string(e);
    for (int f = 0; f < features; ++f) {
      Feature feature;
      feature.id = epic.id + "F" + std::to_string(f);
      feature.test_plan = TestPlan{};
      for (int s = 0; s < stories; ++s) {
        Story story;
        story.id = feature.id + "S" + std::to_string(s);
        story.tasks.resize(static_cast<std::size_t>(tasks));
        story.test_cases.resize(static_cast<std::size_t>(cases));
        story.test_suite = TestSuite{};
        feature.stories.push_back(story);
      }
      epic.features.push_back(feature);
    }
    backlog.epics.push_back(epic);
  }
  return backlog;
}

TEST(Limits, DefaultsAreValid) { EXPECT_EQ(ValidateLimits(WorkItemLimits{}), std::nullopt); }

TEST(Limits, BoundsAreInclusive) {
  WorkItemLimits limits{1, 1, 1, 1, 0};
  EXPECT_EQ(ValidateLimits(limits), std::nullopt);
  limits = {20, 20, 20, 20, 20};
  EXPECT_EQ(ValidateLimits(limits), std::nullopt);
}

TEST(Limits, EachFieldOutOfRangeIsNamed) {
  const auto error_for = [](WorkItemLimits limits) {
    const std::optional<std::string> error = ValidateLimits(limits);
    return error.value_or("");
  };
  WorkItemLimits limits;
  limits.max_epics = 0;
  EXPECT_THAT(error_for(limits), HasSubstr("max_epics must be between 1 and 20"));
  limits = {};
  limits.max_features_per_epic = 21;
  EXPECT_THAT(error_for(limits), HasSubstr("max_features_per_epic"));
  limits = {};
  limits.max_stories_per_feature = -1;
  EXPECT_THAT(error_for(limits), HasSubstr("max_stories_per_feature"));
  limits = {};
  limits.max_tasks_per_story = 0;
  EXPECT_THAT(error_for(limits), HasSubstr("max_tasks_per_story"));
  limits = {};
  limits.max_test_cases_per_story = 21;
  EXPECT_THAT(error_for(limits), HasSubstr("max_test_cases_per_story must be between 0 and 20"));
}

TEST(Limits, CountNodesCountsEveryKind) {
  const NodeCounts counts = CountNodes(Tree(2, 3, 4, 5, 2));
  EXPECT_EQ(counts.epics, 2);
  EXPECT_EQ(counts.features, 6);
  EXPECT_EQ(counts.stories, 24);
  EXPECT_EQ(counts.tasks, 120);
  EXPECT_EQ(counts.test_plans, 6);
  EXPECT_EQ(counts.test_suites, 24);
  EXPECT_EQ(counts.test_cases, 48);
  EXPECT_EQ(counts.Of(NodeKind::kTask), 120);
  EXPECT_EQ(counts.Total(), 2 + 6 + 24 + 120 + 6 + 24 + 48);
}

TEST(Limits, EnforceLimitsLeavesATreeWithinLimitsAlone) {
  Backlog backlog = Tree(2, 2, 2, 2, 2);
  backlog.project.limits = {3, 4, 5, 5, 4};
  const NodeCounts before = CountNodes(backlog);
  EXPECT_EQ(EnforceLimits(backlog), NodeCounts{});
  EXPECT_EQ(CountNodes(backlog), before);
}

TEST(Limits, EnforceLimitsTrimsEveryLevelAndCountsWhatItRemoved) {
  Backlog backlog = Tree(4, 5, 6, 7, 5);
  backlog.project.limits = {3, 4, 5, 5, 4};
  const NodeCounts removed = EnforceLimits(backlog);

  const NodeCounts after = CountNodes(backlog);
  EXPECT_EQ(after.epics, 3);
  EXPECT_EQ(after.features, 3 * 4);
  EXPECT_EQ(after.stories, 3 * 4 * 5);
  EXPECT_EQ(after.tasks, 3 * 4 * 5 * 5);
  EXPECT_EQ(after.test_cases, 3 * 4 * 5 * 4);

  // Everything not kept was removed, descendants of removed nodes included.
  const NodeCounts before = CountNodes(Tree(4, 5, 6, 7, 5));
  EXPECT_EQ(removed.epics, before.epics - after.epics);
  EXPECT_EQ(removed.features, before.features - after.features);
  EXPECT_EQ(removed.stories, before.stories - after.stories);
  EXPECT_EQ(removed.tasks, before.tasks - after.tasks);
  EXPECT_EQ(removed.test_plans, before.test_plans - after.test_plans);
  EXPECT_EQ(removed.test_suites, before.test_suites - after.test_suites);
  EXPECT_EQ(removed.test_cases, before.test_cases - after.test_cases);
}

TEST(Limits, EnforceLimitsKeepsTheFirstItems) {
  Backlog backlog = Tree(3, 1, 1, 3, 0);
  backlog.project.limits = {2, 1, 1, 1, 0};
  EnforceLimits(backlog);
  ASSERT_EQ(backlog.epics.size(), 2u);
  EXPECT_EQ(backlog.epics[0].id, "E0");
  EXPECT_EQ(backlog.epics[1].id, "E1");
}

TEST(Limits, EnforceLimitsDropsTestArtefactsWhenTheProjectExcludesThem) {
  Backlog backlog = Tree(1, 2, 2, 1, 3);
  backlog.project.include_test_artifacts = false;
  const NodeCounts removed = EnforceLimits(backlog);
  EXPECT_EQ(removed.test_plans, 2);
  EXPECT_EQ(removed.test_suites, 4);
  EXPECT_EQ(removed.test_cases, 12);
  const NodeCounts after = CountNodes(backlog);
  EXPECT_EQ(after.test_plans + after.test_suites + after.test_cases, 0);
  EXPECT_EQ(after.tasks, 4);
}

}  // namespace
}  // namespace backlog
