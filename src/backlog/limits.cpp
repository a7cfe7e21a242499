#include "backlog/limits.hpp"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace backlog {
namespace {

void CountStory(const Story& story, NodeCounts& counts) {
  ++counts.stories;
  counts.tasks += static_cast<int>(story.tasks.size());
  counts.test_cases += static_cast<int>(story.test_cases.size());
  if (story.test_suite) ++counts.test_suites;
}

void CountFeature(const Feature& feature, NodeCounts& counts) {
  ++counts.features;
  if (feature.test_plan) ++counts.test_plans;
  for (const Story& story : feature.stories) CountStory(story, counts);
}

void CountEpic(const Epic& epic, NodeCounts& counts) {
  ++counts.epics;
  for (const Feature& feature : epic.features) CountFeature(feature, counts);
}

// Keeps the first `limit` items (a negative limit counts as zero), counting each removed item
// and its descendants with `count`.
template <typename T, typename Count>
void Trim(std::vector<T>& items, int limit, NodeCounts& removed, Count count) {
  const auto keep = static_cast<std::size_t>(std::max(limit, 0));
  if (items.size() <= keep) return;
  for (std::size_t i = keep; i < items.size(); ++i) count(items[i], removed);
  items.erase(items.begin() + static_cast<std::ptrdiff_t>(keep), items.end());
}

void CountOne(const Task& /*task*/, NodeCounts& counts) { ++counts.tasks; }
void CountOneCase(const TestCase& /*test_case*/, NodeCounts& counts) { ++counts.test_cases; }

std::optional<std::string> CheckRange(const char* name, int value, int min, int max) {
  if (value >= min && value <= max) return std::nullopt;
  return std::string(name) + " must be between " + std::to_string(min) + " and " +
         std::to_string(max) + " (got " + std::to_string(value) + ")";
}

}  // namespace

int NodeCounts::Of(NodeKind kind) const {
  switch (kind) {
    case NodeKind::kEpic:
      return epics;
    case NodeKind::kFeature:
      return features;
    case NodeKind::kStory:
      return stories;
    case NodeKind::kTask:
      return tasks;
    case NodeKind::kTestPlan:
      return test_plans;
    case NodeKind::kTestSuite:
      return test_suites;
    case NodeKind::kTestCase:
      return test_cases;
  }
  return 0;
}

int NodeCounts::Total() const {
  return epics + features + stories + tasks + test_plans + test_suites + test_cases;
}

std::optional<std::string> ValidateLimits(const WorkItemLimits& limits) {
  if (auto error = CheckRange("max_epics", limits.max_epics, kMinEpics, kMaxEpics)) return error;
  if (auto error = CheckRange("max_features_per_epic", limits.max_features_per_epic,
                              kMinFeaturesPerEpic, kMaxFeaturesPerEpic)) {
    return error;
  }
  if (auto error = CheckRange("max_stories_per_feature", limits.max_stories_per_feature,
                              kMinStoriesPerFeature, kMaxStoriesPerFeature)) {
    return error;
  }
  if (auto error = CheckRange("max_tasks_per_story", limits.max_tasks_per_story, kMinTasksPerStory,
                              kMaxTasksPerStory)) {
    return error;
  }
  return CheckRange("max_test_cases_per_story", limits.max_test_cases_per_story,
                    kMinTestCasesPerStory, kMaxTestCasesPerStory);
}

NodeCounts EnforceLimits(Backlog& backlog) {
  const WorkItemLimits& limits = backlog.project.limits;
  const bool tests = backlog.project.include_test_artifacts;
  NodeCounts removed;
  Trim(backlog.epics, limits.max_epics, removed, CountEpic);
  for (Epic& epic : backlog.epics) {
    Trim(epic.features, limits.max_features_per_epic, removed, CountFeature);
    for (Feature& feature : epic.features) {
      Trim(feature.stories, limits.max_stories_per_feature, removed, CountStory);
      if (!tests && feature.test_plan) {
        feature.test_plan.reset();
        ++removed.test_plans;
      }
      for (Story& story : feature.stories) {
        Trim(story.tasks, limits.max_tasks_per_story, removed, CountOne);
        Trim(story.test_cases, tests ? limits.max_test_cases_per_story : 0, removed, CountOneCase);
        if (!tests && story.test_suite) {
          story.test_suite.reset();
          ++removed.test_suites;
        }
      }
    }
  }
  return removed;
}

NodeCounts CountNodes(const Backlog& backlog) {
  NodeCounts counts;
  for (const Epic& epic : backlog.epics) CountEpic(epic, counts);
  return counts;
}

}  // namespace backlog
