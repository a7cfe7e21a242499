#include "backlog/json_mapping.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace backlog {
namespace {

using Json = nlohmann::json;
using ::testing::HasSubstr;

// Every field of every struct set to something other than its default.
Backlog FullBacklog() {
  Quality quality;
  quality.score = 85;
  quality.findings = {{"story.small", "consider splitting", Severity::kWarning},
                      {"story.atomic", "two goals", Severity::kError}};
  quality.attempts = 2;
  quality.needs_review = true;

  TestCase test_case;
  test_case.id = "TC-1";
  test_case.title = "Book an open shift";
  test_case.description = "Happy path";
  test_case.type = "positive";
  test_case.priority = "High";
  test_case.preconditions = {"Nurse is signed in"};
  test_case.steps = {{"Open the shift board", "Open shifts are listed"},
                     {"Book the first shift", "The shift shows as booked"}};
  test_case.test_data = {"shift 2024-05-01 07:00"};
  test_case.automation_candidate = true;
  test_case.quality = quality;

  TestSuite suite;
  suite.id = "TS-1";
  suite.name = "User Story: Book a shift";
  suite.description = "Suite";
  suite.test_categories = {"positive", "negative"};
  suite.test_objectives = {"Booking works"};
  suite.prerequisites = {"Seeded shifts"};
  suite.test_data_requirements = {"Two nurses"};
  suite.priority = "High";
  suite.quality = quality;

  TestPlan plan;
  plan.id = "TP-1";
  plan.name = "Test Plan - Shift booking";
  plan.description = "Plan";
  plan.test_approach = "Risk-based";
  plan.test_types = {"functional"};
  plan.entry_criteria = {"Build deployed"};
  plan.exit_criteria = {"No open critical defects"};
  plan.test_environment = {"Staging", {"anonymised roster"}, {"Playwright"}};
  plan.risks_and_mitigations = {{"Double booking", "High", "Row locks"}};
  plan.quality = quality;

  Task task;
  task.id = "T-1";
  task.title = "Implement the booking endpoint";
  task.description = "POST /shifts/{id}/booking";
  task.category = "backend";
  task.estimate_hours = 6.5;
  task.story_points = 3;
  task.complexity = "Medium";
  task.dependencies = {"T-0"};
  task.acceptance_criteria = {"Returns 201"};
  task.technical_details = R"({"endpoints":["/shifts/{id}/booking"],"models":["Booking"]})";
  task.quality = quality;

  Story story;
  story.id = "S-1";
  story.title = "Book a shift";
  story.user_story = "As a nurse, I want to book an open shift, so that I can plan my week.";
  story.description = "Nurses pick shifts.";
  story.acceptance_criteria = {"Given a, When b, Then c"};
  story.story_points = 5;
  story.priority = "High";
  story.category = "data_management";
  story.user_type = "existing_user";
  story.quality = quality;
  story.tasks = {task};
  story.test_suite = suite;
  story.test_cases = {test_case};

  Feature feature;
  feature.id = "F-1";
  feature.title = "Shift board";
  feature.description = "Shows open shifts.";
  feature.priority = "High";
  feature.estimated_story_points = 13;
  feature.dependencies = {"F-0"};
  feature.ui_ux_requirements = {"Mobile first"};
  feature.technical_considerations = {"Realtime updates"};
  feature.business_value = "Fewer unfilled shifts";
  feature.edge_cases = {"Shift cancelled while booking"};
  feature.category = "core_functionality";
  feature.quality = quality;
  feature.stories = {story};
  feature.test_plan = plan;

  Epic epic;
  epic.id = "E-1";
  epic.title = "Shift management";
  epic.description = "Everything about shifts.";
  epic.priority = "High";
  epic.estimated_complexity = "L";
  epic.category = "core_platform";
  epic.quality = quality;
  epic.features = {feature};

  Backlog backlog;
  backlog.project.id = "P-1";
  backlog.project.owner_id = 9007199254740993;  // above 2^53: must not go through a double
  backlog.project.name = "Rosters";
  backlog.project.domains = {"healthcare", "workforce_management"};
  backlog.project.vision = "Nurses swap shifts without phone calls.";
  backlog.project.target_users = "Nurses";
  backlog.project.limits = {2, 3, 4, 5, 6};
  backlog.project.include_test_artifacts = false;
  backlog.project.created_at = 1700000000;
  backlog.project.updated_at = 1700000100;
  backlog.epics = {epic, epic};
  backlog.epics[1].id = "E-2";
  backlog.epics[1].features[0].test_plan.reset();
  backlog.epics[1].features[0].stories[0].test_suite.reset();
  return backlog;
}

std::string ErrorOf(const Json& json) {
  try {
    BacklogFromJson(json);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  return "no error";
}

TEST(JsonMapping, FullTreeRoundTripsLosslessly) {
  const Backlog backlog = FullBacklog();
  const Json json = ToJson(backlog);
  const Backlog parsed = BacklogFromJson(json);
  EXPECT_EQ(ToJson(parsed), json);
  // Struct-level spot checks, so a field dropped on both sides still shows.
  EXPECT_EQ(parsed.project.owner_id, 9007199254740993);
  EXPECT_EQ(parsed.project.limits.max_test_cases_per_story, 6);
  EXPECT_FALSE(parsed.project.include_test_artifacts);
  const Story& story = parsed.epics[0].features[0].stories[0];
  EXPECT_EQ(story.tasks[0].technical_details,
            backlog.epics[0].features[0].stories[0].tasks[0].technical_details);
  EXPECT_EQ(story.tasks[0].estimate_hours, 6.5);
  EXPECT_EQ(story.test_cases[0].steps[1].expected, "The shift shows as booked");
  ASSERT_TRUE(story.test_suite.has_value());
  EXPECT_EQ(story.quality.findings[0].severity, Severity::kWarning);
  EXPECT_EQ(story.quality.attempts, 2);
  EXPECT_TRUE(story.quality.needs_review);
  EXPECT_FALSE(parsed.epics[1].features[0].test_plan.has_value());
  EXPECT_FALSE(parsed.epics[1].features[0].stories[0].test_suite.has_value());
  ASSERT_TRUE(parsed.epics[0].features[0].test_plan.has_value());
  EXPECT_EQ(parsed.epics[0].features[0].test_plan->risks_and_mitigations[0].mitigation,
            "Row locks");
  EXPECT_EQ(parsed.epics[0].features[0].test_plan->test_environment.tools_required[0],
            "Playwright");
}

TEST(JsonMapping, KeysAreTheFieldNames) {
  const Json json = ToJson(FullBacklog());
  const Json& story = json["epics"][0]["features"][0]["stories"][0];
  EXPECT_EQ(story["user_story"], FullBacklog().epics[0].features[0].stories[0].user_story);
  EXPECT_EQ(story["story_points"], 5);
  EXPECT_EQ(story["quality"]["findings"][1]["severity"], "error");
  EXPECT_EQ(json["project"]["limits"]["max_epics"], 2);
}

TEST(JsonMapping, TechnicalDetailsIsAnObjectInJson) {
  const Json json = ToJson(FullBacklog());
  const Json& details =
      json["epics"][0]["features"][0]["stories"][0]["tasks"][0]["technical_details"];
  ASSERT_TRUE(details.is_object());
  EXPECT_EQ(details["models"][0], "Booking");

  Task empty;
  EXPECT_FALSE(ToJson(empty).contains("technical_details"));
  EXPECT_EQ(TaskFromJson(ToJson(empty)).technical_details, "");

  Task not_json;
  not_json.technical_details = "uses Redis";
  EXPECT_EQ(ToJson(not_json)["technical_details"], Json({{"text", "uses Redis"}}));
}

TEST(JsonMapping, MissingFieldsKeepDefaults) {
  const Backlog backlog = BacklogFromJson(Json::parse(R"({
    "epics": [{"title": "Only a title", "features": [{"stories": [{"tasks": [{}]}]}]}]
  })"));
  EXPECT_EQ(backlog.project.limits.max_epics, WorkItemLimits{}.max_epics);
  EXPECT_TRUE(backlog.project.include_test_artifacts);
  ASSERT_EQ(backlog.epics.size(), 1u);
  EXPECT_EQ(backlog.epics[0].title, "Only a title");
  EXPECT_EQ(backlog.epics[0].quality.score, 100);
  const Story& story = backlog.epics[0].features[0].stories[0];
  EXPECT_EQ(story.story_points, 0);
  EXPECT_FALSE(story.test_suite.has_value());
  EXPECT_EQ(story.tasks[0].estimate_hours, 0);
  EXPECT_EQ(BacklogFromJson(Json::object()).epics.size(), 0u);
}

TEST(JsonMapping, NullCountsAsMissing) {
  const Story story = StoryFromJson(Json::parse(R"({"title": null, "test_suite": null})"));
  EXPECT_EQ(story.title, "");
  EXPECT_FALSE(story.test_suite.has_value());
}

TEST(JsonMapping, WrongTypesNameTheirPath) {
  Json json = ToJson(FullBacklog());
  json["epics"][1]["features"][0]["stories"][0]["story_points"] = "five";
  EXPECT_EQ(ErrorOf(json), "epics[1].features[0].stories[0].story_points must be an integer");

  json = ToJson(FullBacklog());
  json["epics"][0]["features"][0]["estimated_story_points"] = 2.5;
  EXPECT_EQ(ErrorOf(json), "epics[0].features[0].estimated_story_points must be an integer");

  json = ToJson(FullBacklog());
  json["epics"][0]["features"][0]["stories"][0]["acceptance_criteria"][0] = 3;
  EXPECT_EQ(ErrorOf(json),
            "epics[0].features[0].stories[0].acceptance_criteria[0] must be a string");

  json = ToJson(FullBacklog());
  json["epics"][0]["features"][0]["stories"][0]["test_cases"][0]["steps"][1]["expected"] = false;
  EXPECT_EQ(ErrorOf(json),
            "epics[0].features[0].stories[0].test_cases[0].steps[1].expected must be a string");

  json = ToJson(FullBacklog());
  json["epics"][0]["features"] = Json::object();
  EXPECT_EQ(ErrorOf(json), "epics[0].features must be an array");

  json = ToJson(FullBacklog());
  json["epics"][0]["features"][0]["stories"][0]["tasks"][0]["technical_details"] = "text";
  EXPECT_EQ(ErrorOf(json),
            "epics[0].features[0].stories[0].tasks[0].technical_details must be an object");

  json = ToJson(FullBacklog());
  json["epics"][0]["quality"]["findings"][0]["severity"] = "fatal";
  EXPECT_EQ(ErrorOf(json),
            "epics[0].quality.findings[0].severity must be \"error\" or \"warning\"");

  json = ToJson(FullBacklog());
  json["project"]["include_test_artifacts"] = "yes";
  EXPECT_EQ(ErrorOf(json), "project.include_test_artifacts must be a boolean");

  json = ToJson(FullBacklog());
  json["epics"][0]["features"][0]["stories"][0]["tasks"][0]["estimate_hours"] = "4h";
  EXPECT_EQ(ErrorOf(json),
            "epics[0].features[0].stories[0].tasks[0].estimate_hours must be a "
            "number");

  json = ToJson(FullBacklog());
  json["project"]["limits"]["max_epics"] = 4294967296;
  EXPECT_EQ(ErrorOf(json), "project.limits.max_epics is out of range");

  EXPECT_EQ(ErrorOf(Json::array()), "the document must be an object");
  EXPECT_EQ(ErrorOf(Json{{"epics", {1}}}), "epics[0] must be an object");
}

TEST(JsonMapping, IntegralFloatsAreIntegers) {
  const Story story = StoryFromJson(Json{{"story_points", 5.0}});
  EXPECT_EQ(story.story_points, 5);
}

TEST(JsonMapping, PathPrefixIsUsedForPartialDocuments) {
  try {
    EpicFromJson(Json{{"title", 1}}, "epics[3]");
    FAIL() << "no error";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "epics[3].title must be a string");
  }
}

TEST(JsonMapping, NodeKindNamesRoundTrip) {
  const NodeKind kinds[] = {NodeKind::kEpic,    NodeKind::kFeature,  NodeKind::kStory,
                            NodeKind::kTask,    NodeKind::kTestPlan, NodeKind::kTestSuite,
                            NodeKind::kTestCase};
  for (const NodeKind kind : kinds) EXPECT_EQ(ParseNodeKind(NodeKindName(kind)), kind);
  EXPECT_EQ(NodeKindName(NodeKind::kTestPlan), "test_plan");
  EXPECT_EQ(NodeKindName(NodeKind::kStory), "story");
  EXPECT_EQ(ParseNodeKind("Story"), std::nullopt);
  EXPECT_EQ(ParseNodeKind("user_story"), std::nullopt);
}

}  // namespace
}  // namespace backlog
