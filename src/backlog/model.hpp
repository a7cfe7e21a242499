#pragma once

// The backlog as the product knows it: a project and its tree of work items. Plain values with
// no dependency on the rest of the service; JSON mapping in json_mapping.hpp, rules in
// quality.hpp, exports in export.hpp.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace backlog {

// The levels of the tree; test artefacts hang off features (plan) and stories (suite, cases).
enum class NodeKind { kEpic, kFeature, kStory, kTask, kTestPlan, kTestSuite, kTestCase };

enum class Severity { kError, kWarning };

// One rule a node breaks, e.g. {"story.atomic", "the goal joins two goals with \"and\""}.
struct Finding {
  std::string rule;
  std::string message;
  Severity severity = Severity::kError;
};

// What the deterministic quality rules said about a node.
struct Quality {
  int score = 100;                // 0-100
  std::vector<Finding> findings;  // empty when every rule passes
  int attempts = 1;               // generations it took (regenerated alone, never the stage)
  bool needs_review = false;      // still failing after the last allowed attempt: kept, flagged
};

struct TestStep {
  std::string action;
  std::string expected;
};

struct TestCase {
  std::string id;
  std::string title;
  std::string description;
  std::string type;      // positive | negative | boundary | integration
  std::string priority;  // High | Medium | Low
  std::vector<std::string> preconditions;
  std::vector<TestStep> steps;
  std::vector<std::string> test_data;
  bool automation_candidate = false;
  Quality quality;
};

struct TestSuite {
  std::string id;
  std::string name;
  std::string description;
  std::vector<std::string> test_categories;
  std::vector<std::string> test_objectives;
  std::vector<std::string> prerequisites;
  std::vector<std::string> test_data_requirements;
  std::string priority;
  Quality quality;
};

struct Risk {
  std::string risk;
  std::string impact;  // High | Medium | Low
  std::string mitigation;
};

struct TestEnvironment {
  std::string description;
  std::vector<std::string> data_requirements;
  std::vector<std::string> tools_required;
};

struct TestPlan {
  std::string id;
  std::string name;
  std::string description;
  std::string test_approach;
  std::vector<std::string> test_types;
  std::vector<std::string> entry_criteria;
  std::vector<std::string> exit_criteria;
  TestEnvironment test_environment;
  std::vector<Risk> risks_and_mitigations;
  Quality quality;
};

struct Task {
  std::string id;
  std::string title;
  std::string description;
  std::string
      category;  // frontend | backend | database | api | testing | deployment | configuration
  double estimate_hours = 0;
  int story_points = 0;
  std::string complexity;  // Low | Medium | High
  std::vector<std::string> dependencies;
  std::vector<std::string> acceptance_criteria;
  std::string technical_details;  // JSON text: endpoints, models, services, ... as generated
  Quality quality;
};

struct Story {
  std::string id;
  std::string title;
  std::string user_story;  // "As a <role>, I want <goal>, so that <benefit>."
  std::string description;
  std::vector<std::string> acceptance_criteria;  // Given/When/Then, 3-7
  int story_points = 0;                          // 1, 2, 3, 5, 8, 13
  std::string priority;
  std::string category;   // authentication | data_management | ui_ux | integration | security |
                          // performance | administration
  std::string user_type;  // new_user | existing_user | admin | power_user | casual_user
  Quality quality;
  std::vector<Task> tasks;
  std::optional<TestSuite> test_suite;
  std::vector<TestCase> test_cases;
};

struct Feature {
  std::string id;
  std::string title;
  std::string description;
  std::string priority;
  int estimated_story_points = 0;  // 1, 2, 3, 5, 8, 13, 21
  std::vector<std::string> dependencies;
  std::vector<std::string> ui_ux_requirements;
  std::vector<std::string> technical_considerations;
  std::string business_value;
  std::vector<std::string> edge_cases;
  std::string category;  // core_functionality | user_interface | data_management | integration |
                         // security | performance | administration
  Quality quality;
  std::vector<Story> stories;
  std::optional<TestPlan> test_plan;
};

struct Epic {
  std::string id;
  std::string title;
  std::string description;
  std::string priority;              // High | Medium | Low
  std::string estimated_complexity;  // XS | S | M | L | XL
  std::string category;  // core_platform | user_experience | data_management | integration |
                         // security | performance | administration
  Quality quality;
  std::vector<Feature> features;
};

// Upper bounds per level; generation never exceeds them.
struct WorkItemLimits {
  int max_epics = 3;
  int max_features_per_epic = 4;
  int max_stories_per_feature = 5;
  int max_tasks_per_story = 5;
  int max_test_cases_per_story = 4;
};

struct Project {
  std::string id;
  std::int64_t owner_id = 0;
  std::string name;
  std::vector<std::string> domains;  // 1-3 keys of Domains(), primary first
  std::string vision;
  std::string target_users;
  WorkItemLimits limits;
  bool include_test_artifacts = true;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct Backlog {
  Project project;
  std::vector<Epic> epics;
};

}  // namespace backlog
