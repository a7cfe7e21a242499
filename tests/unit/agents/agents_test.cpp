// The agents against a recording gateway: the agent name each sends, schemas that strict mode and
// our validator accept, prompts that carry the project, the limit and only the chosen domains,
// replies parsed into every model field, limits kept; and the prompt library's strict rendering.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "agents/developer_agent.hpp"
#include "agents/epic_strategist.hpp"
#include "agents/feature_decomposer.hpp"
#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "agents/prompt_library.hpp"
#include "agents/story_decomposer.hpp"
#include "agents/test_case_agent.hpp"
#include "agents/test_plan_agent.hpp"
#include "agents/test_suite_agent.hpp"
#include "agents/vision_assessor.hpp"
#include "agents/vision_optimizer.hpp"
#include "backlog/domains.hpp"
#include "backlog/json_mapping.hpp"
#include "llm/json_schema.hpp"
#include "llm/llm_error.hpp"
#include "llm/model_config.hpp"

namespace agents {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;
using PromptFiles = std::vector<std::pair<std::string, std::string>>;

// Records every request and answers with `reply`, as if the model had written it.
class RecordingGateway final : public LlmGateway {
 public:
  struct Recorded {
    std::string agent;
    llm::ChatRequest request;
    std::string system() const { return request.messages.at(0).content; }
    std::string user() const { return request.messages.at(1).content; }
  };

  llm::ChatResult Call(std::string_view agent, llm::ChatRequest request,
                       const CallContext& /*context*/) override {
    calls.push_back({std::string(agent), std::move(request)});
    llm::ChatResult result;
    result.value = reply;
    return result;
  }

  const Recorded& last() const { return calls.at(calls.size() - 1); }

  Json reply;
  std::vector<Recorded> calls;
};

// Strict mode's shape: every object requires all of its properties and allows no other; every
// array is bounded both ways.
void ExpectStrictShape(const Json& schema, const std::string& path) {
  const std::string type = schema.value("type", "");
  if (type == "object") {
    EXPECT_EQ(schema.value("additionalProperties", Json(true)), Json(false)) << path;
    std::set<std::string> properties;
    for (const auto& [name, property] : schema.at("properties").items()) {
      properties.insert(name);
      ExpectStrictShape(property, path + "." + name);
    }
    std::set<std::string> required;
    for (const Json& name : schema.at("required")) required.insert(name.get<std::string>());
    EXPECT_EQ(required, properties) << path;
  } else if (type == "array") {
    EXPECT_TRUE(schema.contains("minItems")) << path;
    EXPECT_TRUE(schema.contains("maxItems")) << path;
    ExpectStrictShape(schema.at("items"), path + "[]");
  }
}

// What every call must satisfy: the agent's exact name, a system and a user message with every
// placeholder filled, a schema that strict mode and llm::JsonSchema accept, and a reply that
// validates against it (so the canned replies below are realistic).
void ExpectWellFormedCall(const RecordingGateway& gateway, std::string_view agent) {
  ASSERT_FALSE(gateway.calls.empty());
  const auto& call = gateway.last();
  EXPECT_EQ(call.agent, agent);
  const auto& names = llm::AgentNames();
  EXPECT_NE(std::find(names.begin(), names.end(), call.agent), names.end());
  ASSERT_EQ(call.request.messages.size(), 2u);
  EXPECT_EQ(call.request.messages[0].role, "system");
  EXPECT_EQ(call.request.messages[1].role, "user");
  EXPECT_THAT(call.system(), Not(HasSubstr("{{")));
  EXPECT_THAT(call.user(), Not(HasSubstr("{{")));
  EXPECT_TRUE(std::regex_match(call.request.schema_name, std::regex("[a-zA-Z0-9_-]{1,64}")));
  ASSERT_NO_THROW(llm::JsonSchema::Compile(call.request.schema));
  ExpectStrictShape(call.request.schema, "$");
  EXPECT_EQ(llm::DescribeViolations(
                llm::JsonSchema::Compile(call.request.schema).Validate(gateway.reply)),
            "");
}

// The whole prompt as the model reads it.
std::string Prompt(const RecordingGateway& gateway) {
  return gateway.last().system() + "\n" + gateway.last().user();
}

Json Repeat(const Json& item, int count) {
  Json items = Json::array();
  for (int i = 0; i < count; ++i) {
    Json copy = item;
    copy["title"] = item.value("title", std::string()) + " " + std::to_string(i + 1);
    items.push_back(copy);
  }
  return items;
}

// --- Canned items with every field set ---

const Json kEpic = {
    {"title", "Clinic appointment booking"},
    {"description", "Patients book visits online. Reception sees every booking."},
    {"priority", "High"},
    {"estimated_complexity", "L"},
    {"category", "core_platform"},
};

const Json kFeature = {
    {"title", "Book a visit from open slots"},
    {"description", "Patients pick a free slot and confirm it."},
    {"priority", "Medium"},
    {"estimated_story_points", 13},
    {"dependencies", {"Clinic calendar sync"}},
    {"ui_ux_requirements", {"Slots of the next 14 days on one screen"}},
    {"technical_considerations", {"Slots are held for 5 minutes during checkout"}},
    {"business_value", "Cuts phone bookings by 40 %."},
    {"edge_cases", {"Two patients pick the same slot at once"}},
    {"category", "core_functionality"},
};

const Json kStory = {
    {"title", "Book an open slot"},
    {"user_story", "As a clinic patient, I want to book an open slot, so that I avoid calling."},
    {"description", "Only slots of the next 14 days are offered."},
    {"acceptance_criteria",
     {"Given an open slot, when the patient books it, then the slot shows as booked.",
      "Given a booked slot, when another patient books it, then \"Slot taken\" is shown.",
      "Given a slot 14 days ahead, when the patient books it, then the booking succeeds."}},
    {"story_points", 5},
    {"priority", "High"},
    {"category", "data_management"},
    {"user_type", "existing_user"},
};

const Json kTask = {
    {"title", "Implement the booking endpoint"},
    {"description", "POST /bookings holds the slot and stores the booking."},
    {"category", "backend"},
    {"estimate_hours", 6.5},
    {"story_points", 3},
    {"complexity", "Medium"},
    {"dependencies", {"Create the bookings table"}},
    {"acceptance_criteria", {"A second booking of the same slot gets 409"}},
    {"technical_details",
     {{"endpoints", {"POST /bookings"}},
      {"models", {"Booking"}},
      {"services", {"SlotService"}},
      {"integrations", Json::array()},
      {"standards", {"HL7 FHIR R4 Appointment"}}}},
};

const Json kTestCase = {
    {"title", "Booking the last free slot"},
    {"description", "Covers the boundary of a fully booked day."},
    {"type", "boundary"},
    {"priority", "Medium"},
    {"preconditions", {"One slot left on Monday"}},
    {"steps",
     {{{"action", "Book the last Monday slot"}, {"expected", "The booking is confirmed"}},
      {{"action", "Open Monday again"}, {"expected", "\"Fully booked\" is shown"}}}},
    {"test_data", {"date: next Monday"}},
    {"automation_candidate", true},
};

const Json kTestPlan = {
    {"name", "Test Plan: Book a visit from open slots"},
    {"description", "Covers booking from the patient's side."},
    {"test_approach", "API tests for slot holds, end-to-end tests for the booking flow."},
    {"test_types", {"functional", "integration"}},
    {"entry_criteria", {"Stories deployed to staging"}},
    {"exit_criteria", {"No open High defects"}},
    {"test_environment",
     {{"description", "Staging with a copy of the clinic calendar"},
      {"data_requirements", {"50 synthetic patients"}},
      {"tools_required", {"Playwright"}}}},
    {"risks_and_mitigations",
     {{{"risk", "Double bookings under load"},
       {"impact", "High"},
       {"mitigation", "Concurrent booking test with 20 clients"}}}},
};

const Json kTestSuite = {
    {"name", "User Story: Book an open slot"},
    {"description", "Verifies booking of open slots."},
    {"test_categories", {"positive", "negative", "boundary"}},
    {"test_objectives", {"Verify a taken slot is refused with \"Slot taken\""}},
    {"prerequisites", {"A patient account"}},
    {"test_data_requirements", {"A day with one free slot"}},
    {"priority", "High"},
};

// --- Fixture ---

class AgentsTest : public ::testing::Test {
 protected:
  AgentsTest() {
    project_.name = "Harbour Clinic Booking";
    project_.domains = {"healthcare"};
    project_.vision = "Patients of Harbour Clinic book and manage visits online, day and night.";
    project_.target_users = "clinic patients and reception staff";
    epic_ = backlog::EpicFromJson(kEpic);
    feature_ = backlog::FeatureFromJson(kFeature);
    story_ = backlog::StoryFromJson(kStory);
  }

  // Guidance lines of a domain the project did not choose must never reach a prompt.
  static std::string FirstGuidance(std::string_view domain) {
    return backlog::FindDomain(domain)->guidance.at(0);
  }

  void ExpectProjectPrompt(std::string_view limit_phrase) {
    const std::string prompt = Prompt(gateway_);
    EXPECT_THAT(prompt, HasSubstr(project_.name));
    EXPECT_THAT(prompt, HasSubstr(project_.vision));
    EXPECT_THAT(prompt, HasSubstr(project_.target_users));
    EXPECT_THAT(prompt, HasSubstr(FirstGuidance("healthcare")));
    EXPECT_THAT(prompt, Not(HasSubstr(FirstGuidance("finance"))));
    if (!limit_phrase.empty()) {
      EXPECT_THAT(gateway_.last().user(), HasSubstr(limit_phrase));
    }
  }

  void ExpectRegenerationPrompt(std::string_view previous_title) {
    const std::string user = gateway_.last().user();
    EXPECT_THAT(user, HasSubstr(kFindings));
    EXPECT_THAT(user, HasSubstr("failed these checks"));
    EXPECT_THAT(user, HasSubstr(std::string(previous_title)));
  }

  static constexpr std::string_view kFindings =
      "- [error] story.atomic: the goal joins two goals with \"and\"";

  RecordingGateway gateway_;
  backlog::Project project_;
  backlog::Epic epic_;
  backlog::Feature feature_;
  backlog::Story story_;
  CallContext call_;
};

std::set<std::string> Keys(const Json& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.insert(key);
  return keys;
}

// The schema's item describes every field of the model item except what the pipeline owns (id,
// quality, children), and the parsed item holds the reply's value in each of them.
void ExpectEveryField(const Json& parsed, const Json& item_schema, const Json& reply_item) {
  static const std::set<std::string> kPipelineOwned = {
      "id", "quality", "features", "stories", "tasks", "test_plan", "test_suite", "test_cases"};
  std::set<std::string> model_fields;
  for (const std::string& key : Keys(parsed)) {
    if (!kPipelineOwned.contains(key)) model_fields.insert(key);
  }
  EXPECT_EQ(model_fields, Keys(item_schema.at("properties")));
  EXPECT_EQ(Keys(reply_item), Keys(item_schema.at("properties")));
  for (const auto& [key, value] : reply_item.items()) EXPECT_EQ(parsed.at(key), value) << key;
  EXPECT_EQ(parsed.value("id", std::string()), "");
}

const Json& ItemSchema(const RecordingGateway& gateway, const std::string& key) {
  return gateway.last().request.schema.at("properties").at(key).at("items");
}

int MaxItems(const RecordingGateway& gateway, const std::string& key) {
  return gateway.last().request.schema.at("properties").at(key).at("maxItems").get<int>();
}

// --- Epics ---

TEST_F(AgentsTest, EpicStrategistAsksForAtMostTheLimitAndParsesEveryField) {
  gateway_.reply = {{"epics", {kEpic}}};
  const auto epics = EpicStrategist(gateway_).Generate(MakeProjectContext(project_), 3, call_);
  ExpectWellFormedCall(gateway_, "epic_strategist");
  ExpectProjectPrompt("at most 3 epics");
  EXPECT_EQ(MaxItems(gateway_, "epics"), 3);
  EXPECT_THAT(gateway_.last().user(), Not(HasSubstr("failed these checks")));
  ASSERT_EQ(epics.size(), 1u);  // fewer than the limit: returned as they are
  ExpectEveryField(backlog::ToJson(epics[0]), ItemSchema(gateway_, "epics"), kEpic);
  EXPECT_TRUE(epics[0].features.empty());
}

TEST_F(AgentsTest, EpicStrategistTrimsRepliesOverTheLimitAndSetsNoIds) {
  Json epics = Repeat(kEpic, 5);
  epics[0]["id"] = "E-9";  // a server that ignored the schema
  epics[0]["features"] = Json::array({kFeature});
  gateway_.reply = {{"epics", epics}};
  const auto parsed = EpicStrategist(gateway_).Generate(MakeProjectContext(project_), 3, call_);
  ASSERT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed[0].title, "Clinic appointment booking 1");
  EXPECT_EQ(parsed[2].title, "Clinic appointment booking 3");
  EXPECT_EQ(parsed[0].id, "");
  EXPECT_TRUE(parsed[0].features.empty());
}

TEST_F(AgentsTest, EpicStrategistRegeneratesOneEpicWithFindingsAndSiblings) {
  backlog::Epic billing;
  billing.id = "E-2";
  billing.title = "Insurance billing and claims";
  backlog::Epic failing = epic_;
  failing.id = "E-1";
  failing.title = "Booking and billing";
  const std::vector<backlog::Epic> siblings = {failing, billing};
  gateway_.reply = {{"epics", {kEpic}}};
  const backlog::Epic epic = EpicStrategist(gateway_).Regenerate(
      MakeProjectContext(project_), failing, siblings, std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "epic_strategist");
  ExpectProjectPrompt("");
  ExpectRegenerationPrompt("Booking and billing");
  EXPECT_EQ(MaxItems(gateway_, "epics"), 1);
  const std::string user = gateway_.last().user();
  EXPECT_THAT(user, HasSubstr("- Insurance billing and claims"));
  EXPECT_THAT(user, Not(HasSubstr("- Booking and billing")));  // itself is no sibling
  EXPECT_THAT(user, Not(HasSubstr("Write at most")));
  EXPECT_EQ(epic.title, "Clinic appointment booking");
  EXPECT_EQ(epic.id, "");
}

TEST_F(AgentsTest, AListAgentMakesNoCallForZeroAndRefusesBadArguments) {
  EpicStrategist strategist(gateway_);
  EXPECT_TRUE(strategist.Generate(MakeProjectContext(project_), 0, call_).empty());
  EXPECT_TRUE(gateway_.calls.empty());
  EXPECT_THROW(strategist.Generate(MakeProjectContext(project_), -1, call_), std::invalid_argument);
  EXPECT_THROW(strategist.Regenerate(MakeProjectContext(project_), epic_, {}, " \n", call_),
               std::invalid_argument);
  EXPECT_TRUE(gateway_.calls.empty());
}

TEST_F(AgentsTest, AReplyThatIgnoresItsSchemaIsAnInvalidOutputError) {
  gateway_.reply = {{"items", Json::array()}};
  try {
    EpicStrategist(gateway_).Generate(MakeProjectContext(project_), 3, call_);
    FAIL() << "expected LlmError";
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kInvalidOutput);
    EXPECT_THAT(error.what(), HasSubstr("epic_strategist"));
  }
  gateway_.reply = {{"epics", {{{"title", 42}}}}};
  EXPECT_THROW(EpicStrategist(gateway_).Generate(MakeProjectContext(project_), 3, call_),
               llm::LlmError);
  gateway_.reply = {{"epics", Json::array()}};
  EXPECT_THROW(EpicStrategist(gateway_).Regenerate(MakeProjectContext(project_), epic_, {},
                                                   std::string(kFindings), call_),
               llm::LlmError);
}

// --- Features ---

TEST_F(AgentsTest, FeatureDecomposerWorksFromTheEpicAndParsesEveryField) {
  gateway_.reply = {{"features", Repeat(kFeature, 6)}};
  const auto features =
      FeatureDecomposer(gateway_).Generate(MakeProjectContext(project_), epic_, 4, call_);
  EXPECT_EQ(MaxItems(gateway_, "features"), 4);
  EXPECT_EQ(features.size(), 4u);  // trimmed

  gateway_.reply = {{"features", {kFeature}}};
  const auto one =
      FeatureDecomposer(gateway_).Generate(MakeProjectContext(project_), epic_, 4, call_);
  ExpectWellFormedCall(gateway_, "feature_decomposer");
  ExpectProjectPrompt("at most 4 features");
  EXPECT_THAT(gateway_.last().user(), HasSubstr(epic_.title));
  EXPECT_THAT(gateway_.last().user(), HasSubstr(epic_.description));
  ASSERT_EQ(one.size(), 1u);
  ExpectEveryField(backlog::ToJson(one[0]), ItemSchema(gateway_, "features"), kFeature);
}

TEST_F(AgentsTest, FeatureDecomposerRegeneratesOneFeature) {
  backlog::Epic epic = epic_;
  backlog::Feature sibling;
  sibling.title = "Reminders before visits";
  backlog::Feature failing = backlog::FeatureFromJson(kFeature);
  failing.title = "Booking stuff";
  epic.features = {sibling, failing};
  gateway_.reply = {{"features", {kFeature}}};
  const backlog::Feature feature = FeatureDecomposer(gateway_).Regenerate(
      MakeProjectContext(project_), epic, epic.features[1], std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "feature_decomposer");
  ExpectRegenerationPrompt("Booking stuff");
  EXPECT_EQ(MaxItems(gateway_, "features"), 1);
  EXPECT_THAT(gateway_.last().user(), HasSubstr("- Reminders before visits"));
  EXPECT_THAT(gateway_.last().user(), Not(HasSubstr("- Booking stuff")));
  EXPECT_EQ(feature.title, kFeature["title"]);
}

// --- Stories ---

TEST_F(AgentsTest, StoryDecomposerStatesTheStoryRulesAndParsesEveryField) {
  gateway_.reply = {{"stories", Repeat(kStory, 7)}};
  EXPECT_EQ(StoryDecomposer(gateway_)
                .Generate(MakeProjectContext(project_), epic_, feature_, 5, call_)
                .size(),
            5u);

  gateway_.reply = {{"stories", Repeat(kStory, 2)}};
  const auto stories =
      StoryDecomposer(gateway_).Generate(MakeProjectContext(project_), epic_, feature_, 5, call_);
  ExpectWellFormedCall(gateway_, "story_decomposer");
  ExpectProjectPrompt("at most 5 user stories");
  EXPECT_EQ(MaxItems(gateway_, "stories"), 5);
  const std::string prompt = Prompt(gateway_);
  EXPECT_THAT(prompt, HasSubstr(feature_.title));
  EXPECT_THAT(prompt, HasSubstr(feature_.edge_cases[0]));
  EXPECT_THAT(prompt, HasSubstr("As a <role>, I want <one goal>, so that <benefit>."));
  EXPECT_THAT(prompt, HasSubstr("3 to 7"));
  EXPECT_THAT(prompt, HasSubstr("1, 2, 3, 5, 8, 13"));
  const Json& criteria = ItemSchema(gateway_, "stories")["properties"]["acceptance_criteria"];
  EXPECT_EQ(criteria["minItems"], 3);
  EXPECT_EQ(criteria["maxItems"], 7);
  ASSERT_EQ(stories.size(), 2u);
  Json expected = kStory;
  expected["title"] = "Book an open slot 1";
  ExpectEveryField(backlog::ToJson(stories[0]), ItemSchema(gateway_, "stories"), expected);
}

TEST_F(AgentsTest, StoryDecomposerRegeneratesOneStory) {
  backlog::Feature feature = feature_;
  backlog::Story sibling;
  sibling.title = "Cancel a booked visit";
  backlog::Story failing = story_;
  failing.title = "Book and pay for a visit";
  feature.stories = {failing, sibling};
  gateway_.reply = {{"stories", {kStory}}};
  const backlog::Story story =
      StoryDecomposer(gateway_).Regenerate(MakeProjectContext(project_), epic_, feature,
                                           feature.stories[0], std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "story_decomposer");
  ExpectProjectPrompt("");
  ExpectRegenerationPrompt("Book and pay for a visit");
  EXPECT_THAT(gateway_.last().user(), HasSubstr("- Cancel a booked visit"));
  EXPECT_EQ(MaxItems(gateway_, "stories"), 1);
  EXPECT_EQ(story.user_story, kStory["user_story"]);
}

// --- Tasks ---

TEST_F(AgentsTest, DeveloperAgentParsesEveryFieldWithTechnicalDetailsAsJsonText) {
  gateway_.reply = {{"tasks", Repeat(kTask, 9)}};
  EXPECT_EQ(DeveloperAgent(gateway_)
                .Generate(MakeProjectContext(project_), feature_, story_, 5, call_)
                .size(),
            5u);

  gateway_.reply = {{"tasks", {kTask}}};
  const auto tasks =
      DeveloperAgent(gateway_).Generate(MakeProjectContext(project_), feature_, story_, 5, call_);
  ExpectWellFormedCall(gateway_, "developer");
  ExpectProjectPrompt("at most 5 development tasks");
  EXPECT_THAT(gateway_.last().user(), HasSubstr(story_.user_story));
  EXPECT_THAT(gateway_.last().user(), HasSubstr(story_.acceptance_criteria[1]));
  const Json& hours = ItemSchema(gateway_, "tasks")["properties"]["estimate_hours"];
  EXPECT_EQ(hours["minimum"], 0.5);
  EXPECT_EQ(hours["maximum"], 16);
  ASSERT_EQ(tasks.size(), 1u);
  ExpectEveryField(backlog::ToJson(tasks[0]), ItemSchema(gateway_, "tasks"), kTask);
  EXPECT_DOUBLE_EQ(tasks[0].estimate_hours, 6.5);
  EXPECT_EQ(Json::parse(tasks[0].technical_details), kTask["technical_details"]);
}

TEST_F(AgentsTest, DeveloperAgentRegeneratesOneTask) {
  backlog::Story story = story_;
  story.tasks = {backlog::TaskFromJson(kTask), backlog::TaskFromJson(kTask)};
  story.tasks[0].title = "Create the bookings table";
  story.tasks[1].title = "Backend work";
  gateway_.reply = {{"tasks", {kTask}}};
  const backlog::Task task = DeveloperAgent(gateway_).Regenerate(
      MakeProjectContext(project_), feature_, story, story.tasks[1], std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "developer");
  ExpectRegenerationPrompt("Backend work");
  EXPECT_THAT(gateway_.last().user(), HasSubstr("- Create the bookings table"));
  EXPECT_THAT(gateway_.last().user(), HasSubstr("POST /bookings"));  // previous technical details
  EXPECT_EQ(task.title, kTask["title"]);
}

// --- Test plan, suite, cases ---

TEST_F(AgentsTest, TestPlanAgentWorksFromTheFeatureAndItsStories) {
  backlog::Feature feature = feature_;
  feature.stories = {story_};
  gateway_.reply = kTestPlan;
  const backlog::TestPlan plan =
      TestPlanAgent(gateway_).Generate(MakeProjectContext(project_), feature, call_);
  ExpectWellFormedCall(gateway_, "qa_test_plan");
  ExpectProjectPrompt("");
  EXPECT_THAT(gateway_.last().user(), HasSubstr(feature.title));
  EXPECT_THAT(gateway_.last().user(), HasSubstr(story_.user_story));
  EXPECT_THAT(gateway_.last().user(), HasSubstr(story_.acceptance_criteria[2]));
  ExpectEveryField(backlog::ToJson(plan), gateway_.last().request.schema, kTestPlan);

  gateway_.reply = kTestPlan;
  TestPlanAgent(gateway_).Regenerate(MakeProjectContext(project_), feature, plan,
                                     std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "qa_test_plan");
  ExpectRegenerationPrompt(plan.name);
}

TEST_F(AgentsTest, TestSuiteAgentWorksFromTheStory) {
  gateway_.reply = kTestSuite;
  const backlog::TestSuite suite =
      TestSuiteAgent(gateway_).Generate(MakeProjectContext(project_), feature_, story_, call_);
  ExpectWellFormedCall(gateway_, "qa_test_suite");
  ExpectProjectPrompt("");
  EXPECT_THAT(gateway_.last().user(), HasSubstr(story_.user_story));
  ExpectEveryField(backlog::ToJson(suite), gateway_.last().request.schema, kTestSuite);

  TestSuiteAgent(gateway_).Regenerate(MakeProjectContext(project_), feature_, story_, suite,
                                      std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "qa_test_suite");
  ExpectRegenerationPrompt(suite.name);
}

TEST_F(AgentsTest, TestCaseAgentCoversEveryTypeWithinTheLimitAndParsesSteps) {
  gateway_.reply = {{"test_cases", Repeat(kTestCase, 6)}};
  EXPECT_EQ(TestCaseAgent(gateway_)
                .Generate(MakeProjectContext(project_), feature_, story_, 4, call_)
                .size(),
            4u);

  gateway_.reply = {{"test_cases", {kTestCase}}};
  const auto cases =
      TestCaseAgent(gateway_).Generate(MakeProjectContext(project_), feature_, story_, 4, call_);
  ExpectWellFormedCall(gateway_, "qa_test_cases");
  ExpectProjectPrompt("at most 4 test cases");
  const std::string prompt = Prompt(gateway_);
  for (const char* type : {"positive", "negative", "boundary", "integration"}) {
    EXPECT_THAT(prompt, HasSubstr(type));
  }
  EXPECT_THAT(prompt, HasSubstr("expected result"));
  ASSERT_EQ(cases.size(), 1u);
  ExpectEveryField(backlog::ToJson(cases[0]), ItemSchema(gateway_, "test_cases"), kTestCase);
  ASSERT_EQ(cases[0].steps.size(), 2u);
  EXPECT_EQ(cases[0].steps[1].action, "Open Monday again");
  EXPECT_EQ(cases[0].steps[1].expected, "\"Fully booked\" is shown");
  EXPECT_TRUE(cases[0].automation_candidate);
}

TEST_F(AgentsTest, TestCaseAgentRegeneratesOneCase) {
  backlog::Story story = story_;
  story.test_cases = {backlog::TestCaseFromJson(kTestCase), backlog::TestCaseFromJson(kTestCase)};
  story.test_cases[0].title = "Verify it works";
  story.test_cases[1].title = "Booking a slot that was just taken";
  gateway_.reply = {{"test_cases", {kTestCase}}};
  const backlog::TestCase test_case =
      TestCaseAgent(gateway_).Regenerate(MakeProjectContext(project_), feature_, story,
                                         story.test_cases[0], std::string(kFindings), call_);
  ExpectWellFormedCall(gateway_, "qa_test_cases");
  ExpectRegenerationPrompt("Verify it works");
  EXPECT_THAT(gateway_.last().user(), HasSubstr("- Booking a slot that was just taken"));
  EXPECT_EQ(MaxItems(gateway_, "test_cases"), 1);
  EXPECT_EQ(test_case.type, "boundary");
}

// --- Vision ---

TEST_F(AgentsTest, VisionAssessorSendsOnlyTheChosenDomainsAndParsesTheAssessment) {
  gateway_.reply = {{"score", 62},
                    {"strengths", {"Names the clinic's patients"}},
                    {"gaps", {"No measurable goal", "No booking channels named"}},
                    {"suggestions", {"State the share of bookings to move online"}},
                    {"ready", false}};
  const VisionAssessment assessment =
      VisionAssessor(gateway_).Assess(project_.vision, {"healthcare"}, call_);
  ExpectWellFormedCall(gateway_, "vision_assessor");
  const std::string prompt = Prompt(gateway_);
  EXPECT_THAT(prompt, HasSubstr(project_.vision));
  EXPECT_THAT(prompt, HasSubstr(FirstGuidance("healthcare")));
  EXPECT_THAT(prompt, Not(HasSubstr(FirstGuidance("finance"))));
  EXPECT_THAT(gateway_.last().user(), HasSubstr("at most 5 gaps"));
  EXPECT_EQ(gateway_.last().request.schema["properties"]["gaps"]["maxItems"], 5);
  EXPECT_EQ(assessment.score, 62);
  EXPECT_THAT(assessment.strengths, ElementsAre("Names the clinic's patients"));
  EXPECT_THAT(assessment.gaps, ElementsAre("No measurable goal", "No booking channels named"));
  EXPECT_THAT(assessment.suggestions, ElementsAre("State the share of bookings to move online"));
  EXPECT_FALSE(assessment.ready);

  gateway_.reply["gaps"] = {"1", "2", "3", "4", "5", "6", "7"};
  EXPECT_EQ(VisionAssessor(gateway_).Assess(project_.vision, {}, call_).gaps.size(), 5u);
  EXPECT_THAT(Prompt(gateway_), Not(HasSubstr(FirstGuidance("healthcare"))));
  EXPECT_THAT(Prompt(gateway_), Not(HasSubstr("Domain guidance")));
}

TEST_F(AgentsTest, VisionOptimizerAddressesTheAssessment) {
  VisionAssessment before;
  before.score = 58;
  before.strengths = {"Clear audience"};
  before.gaps = {"No measurable goal"};
  before.suggestions = {"State how many bookings should move online"};
  gateway_.reply = {{"optimized_vision", "Harbour Clinic lets patients book visits online."},
                    {"changes", {"Added a goal of 60 % online bookings (assumption)"}}};
  const OptimizedVision optimized = VisionOptimizer(gateway_).Optimize(
      project_.vision, {"healthcare", "insurance"}, before, call_);
  ExpectWellFormedCall(gateway_, "vision_optimizer");
  const std::string user = gateway_.last().user();
  EXPECT_THAT(user, HasSubstr(project_.vision));
  EXPECT_THAT(user, HasSubstr("scored it 58 out of 100"));
  EXPECT_THAT(user, HasSubstr("- No measurable goal"));
  EXPECT_THAT(user, HasSubstr("- State how many bookings should move online"));
  EXPECT_THAT(user, HasSubstr("at most 8 changes"));
  EXPECT_THAT(user, HasSubstr(FirstGuidance("insurance")));
  EXPECT_THAT(user, HasSubstr("Healthcare (primary domain)"));
  EXPECT_THAT(user, Not(HasSubstr(FirstGuidance("finance"))));
  EXPECT_EQ(optimized.optimized_vision, "Harbour Clinic lets patients book visits online.");
  EXPECT_THAT(optimized.changes, ElementsAre("Added a goal of 60 % online bookings (assumption)"));
}

// --- Project context ---

TEST(ProjectContext, HoldsTheGuidanceOfTheChosenDomainsOnly) {
  backlog::Project project;
  project.domains = {"retail", "ecommerce"};
  const ProjectContext context = MakeProjectContext(project);
  EXPECT_THAT(context.domain_guidance, HasSubstr("Retail (primary domain)"));
  EXPECT_THAT(context.domain_guidance, HasSubstr(backlog::FindDomain("ecommerce")->guidance[0]));
  EXPECT_THAT(context.domain_guidance, Not(HasSubstr(backlog::FindDomain("finance")->guidance[0])));
  EXPECT_EQ(DomainGuidance({}), "");
  try {
    DomainGuidance({"healthcare", "fintech"});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr("fintech"));
  }
}

// --- Prompt library ---

TEST(PromptLibrary, EmbedsOnePromptPerAgent) {
  std::vector<std::string> agents = llm::AgentNames();
  std::sort(agents.begin(), agents.end());
  EXPECT_EQ(PromptLibrary::Embedded().Names(), agents);
}

TEST(PromptLibrary, EveryPromptTakesTheDomainGuidanceAndTheBacklogOnesTheFindings) {
  const PromptLibrary& library = PromptLibrary::Embedded();
  for (const std::string& name : library.Names()) {
    const std::set<std::string> placeholders = library.Placeholders(name);
    EXPECT_TRUE(placeholders.contains("domain_guidance")) << name;
    EXPECT_TRUE(placeholders.contains("vision")) << name;
    if (name.starts_with("vision_")) continue;
    for (const char* variable : {"project_name", "target_users", "findings", "previous_item"}) {
      EXPECT_TRUE(placeholders.contains(variable)) << name << " lacks " << variable;
    }
  }
  for (const char* name : {"epic_strategist", "feature_decomposer", "story_decomposer", "developer",
                           "qa_test_cases", "vision_assessor", "vision_optimizer"}) {
    EXPECT_TRUE(library.Placeholders(name).contains("max_items")) << name;
  }
}

// Every agent, generating and regenerating, fills every placeholder of its prompt and passes no
// variable the prompt lacks: Render throws otherwise.
TEST_F(AgentsTest, EveryAgentFillsExactlyThePlaceholdersOfItsPrompt) {
  const ProjectContext context = MakeProjectContext(project_);
  const std::string findings(kFindings);
  backlog::Feature feature = feature_;
  feature.stories = {story_};
  const auto run_every_agent = [&] {
    gateway_.reply = {{"epics", {kEpic}}};
    EpicStrategist(gateway_).Generate(context, 2, call_);
    EpicStrategist(gateway_).Regenerate(context, epic_, {epic_}, findings, call_);
    gateway_.reply = {{"features", {kFeature}}};
    FeatureDecomposer(gateway_).Generate(context, epic_, 2, call_);
    FeatureDecomposer(gateway_).Regenerate(context, epic_, feature_, findings, call_);
    gateway_.reply = {{"stories", {kStory}}};
    StoryDecomposer(gateway_).Generate(context, epic_, feature_, 2, call_);
    StoryDecomposer(gateway_).Regenerate(context, epic_, feature_, story_, findings, call_);
    gateway_.reply = {{"tasks", {kTask}}};
    DeveloperAgent(gateway_).Generate(context, feature_, story_, 2, call_);
    DeveloperAgent(gateway_).Regenerate(context, feature_, story_, backlog::Task{}, findings,
                                        call_);
    gateway_.reply = kTestPlan;
    TestPlanAgent(gateway_).Generate(context, feature, call_);
    TestPlanAgent(gateway_).Regenerate(context, feature, backlog::TestPlan{}, findings, call_);
    gateway_.reply = kTestSuite;
    TestSuiteAgent(gateway_).Generate(context, feature_, story_, call_);
    TestSuiteAgent(gateway_).Regenerate(context, feature_, story_, backlog::TestSuite{}, findings,
                                        call_);
    gateway_.reply = {{"test_cases", {kTestCase}}};
    TestCaseAgent(gateway_).Generate(context, feature_, story_, 2, call_);
    TestCaseAgent(gateway_).Regenerate(context, feature_, story_, backlog::TestCase{}, findings,
                                       call_);
    gateway_.reply = {{"score", 80},
                      {"strengths", Json::array()},
                      {"gaps", Json::array()},
                      {"suggestions", Json::array()},
                      {"ready", true}};
    VisionAssessor(gateway_).Assess(project_.vision, project_.domains, call_);
    gateway_.reply = {{"optimized_vision", "v"}, {"changes", {"c"}}};
    VisionOptimizer(gateway_).Optimize(project_.vision, project_.domains, VisionAssessment{},
                                       call_);
  };
  EXPECT_NO_THROW(run_every_agent());
  std::set<std::string> called;
  for (const auto& call : gateway_.calls) called.insert(call.agent);
  const auto& names = llm::AgentNames();
  EXPECT_EQ(called, std::set<std::string>(names.begin(), names.end()));
}

TEST(PromptLibrary, SplitsSystemAndUserAndRendersSections) {
  const PromptLibrary library(
      PromptFiles{{"demo",
                   "System for {{name}}.\n---user---\n"
                   "Hello {{name}}.\n\n{{#extra}}Extra: {{extra}}{{/extra}}\n\n\n"
                   "{{^extra}}No extra.{{/extra}}\n"}});
  RenderedPrompt prompt = library.Render("demo", {{"name", "Ana {{extra}}"}, {"extra", ""}});
  EXPECT_EQ(prompt.system, "System for Ana {{extra}}.");  // values are never expanded again
  EXPECT_EQ(prompt.user, "Hello Ana {{extra}}.\n\nNo extra.");
  prompt = library.Render("demo", {{"name", "Ana"}, {"extra", "x"}});
  EXPECT_EQ(prompt.user, "Hello Ana.\n\nExtra: x");
  EXPECT_EQ(library.Placeholders("demo"), (std::set<std::string>{"extra", "name"}));
}

TEST(PromptLibrary, AnUnfilledPlaceholderThrowsNamingIt) {
  const PromptLibrary library(
      PromptFiles{{"demo", "S\n---user---\nU {{known}} {{#unknown_one}}{{/unknown_one}}"}});
  try {
    library.Render("demo", {{"known", "k"}});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr("{{unknown_one}}"));
    EXPECT_THAT(error.what(), HasSubstr("demo"));
  }
}

TEST(PromptLibrary, AVariableThePromptDoesNotUseThrowsNamingIt) {
  const PromptLibrary library(PromptFiles{{"demo", "S\n---user---\nU {{known}}"}});
  try {
    library.Render("demo", {{"known", "k"}, {"stray", "s"}});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_THAT(error.what(), HasSubstr("stray"));
  }
  EXPECT_THROW(library.Render("other", {}), std::invalid_argument);
}

TEST(PromptLibrary, RefusesMalformedPrompts) {
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "no separator {{x}}"}}), std::invalid_argument);
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "a\n---user---\nb\n---user---\nc"}}),
               std::invalid_argument);
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "a\n---user---\n{{Bad Name}}"}}),
               std::invalid_argument);
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "a\n---user---\n{{x"}}), std::invalid_argument);
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "a\n---user---\n{{#x}}open"}}),
               std::invalid_argument);
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "a\n---user---\n{{/x}}"}}), std::invalid_argument);
  // The separator counts only as a line of its own.
  EXPECT_THROW(PromptLibrary(PromptFiles{{"p", "a ---user--- b"}}), std::invalid_argument);
  EXPECT_NO_THROW(PromptLibrary(PromptFiles{{"p", "a\r\n---user---\r\nb"}}));
}

}  // namespace
}  // namespace agents
