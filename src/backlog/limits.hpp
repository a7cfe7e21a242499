#pragma once

// Bounds on the size of a backlog. Generation asks for at most the configured counts; these
// functions validate the configuration and are the guard that keeps a tree within it.

#include <optional>
#include <string>

#include "backlog/model.hpp"

namespace backlog {

// Accepted ranges for each WorkItemLimits field.
inline constexpr int kMinEpics = 1;
inline constexpr int kMaxEpics = 20;
inline constexpr int kMinFeaturesPerEpic = 1;
inline constexpr int kMaxFeaturesPerEpic = 20;
inline constexpr int kMinStoriesPerFeature = 1;
inline constexpr int kMaxStoriesPerFeature = 20;
inline constexpr int kMinTasksPerStory = 1;
inline constexpr int kMaxTasksPerStory = 20;
inline constexpr int kMinTestCasesPerStory = 0;
inline constexpr int kMaxTestCasesPerStory = 20;

// Nodes of each kind, for counting a tree or what EnforceLimits removed from it.
struct NodeCounts {
  int epics = 0;
  int features = 0;
  int stories = 0;
  int tasks = 0;
  int test_plans = 0;
  int test_suites = 0;
  int test_cases = 0;

  int Of(NodeKind kind) const;
  int Total() const;
  bool operator==(const NodeCounts&) const = default;
};

// Why `limits` is unacceptable, naming the field and its range (e.g. "max_epics must be between
// 1 and 20"); nullopt when every field is in range.
std::optional<std::string> ValidateLimits(const WorkItemLimits& limits);

// Removes what lies beyond backlog.project.limits, keeping the first items of each list (the
// order they were generated in). When project.include_test_artifacts is false, test plans, test
// suites and test cases count as limited to zero and are removed too. Descendants of a removed
// node are counted under their own kind. Returns what was removed.
NodeCounts EnforceLimits(Backlog& backlog);

// Nodes of each kind in the tree.
NodeCounts CountNodes(const Backlog& backlog);

}  // namespace backlog
