#include "backlog/quality.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

namespace backlog {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

// A copy, so it can be taken from a temporary Quality.
std::optional<Finding> FindRule(const Quality& quality, std::string_view rule) {
  const auto it = std::find_if(quality.findings.begin(), quality.findings.end(),
                               [&](const Finding& finding) { return finding.rule == rule; });
  if (it == quality.findings.end()) return std::nullopt;
  return *it;
}

bool Has(const Quality& quality, std::string_view rule) {
  return FindRule(quality, rule).has_value();
}

long CountRule(const Quality& quality, std::string_view rule) {
  return std::count_if(quality.findings.begin(), quality.findings.end(),
                       [&](const Finding& finding) { return finding.rule == rule; });
}

std::vector<std::string> Rules(const Quality& quality) {
  std::vector<std::string> rules;
  for (const Finding& finding : quality.findings) rules.push_back(finding.rule);
  return rules;
}

Story GoodStory() {
  Story story;
  story.id = "S-1";
  story.title = "Book an open shift";
  story.user_story =
      "As a shift nurse, I want to book an open shift, so that I can plan my week ahead.";
  story.acceptance_criteria = {
      "Given an open shift, When I book it, Then it shows as mine",
      "Given a booked shift, When another nurse opens it, Then it is not bookable",
      "given I have 5 shifts this week, when I book a sixth, then I see the weekly limit "
      "message and the booking is refused"};
  story.story_points = 5;
  story.category = "data_management";
  story.user_type = "existing_user";
  return story;
}

Task GoodTask() {
  Task task;
  task.title = "Implement the booking endpoint";
  task.description = "Add POST /shifts/{id}/booking with a row lock.";
  task.category = "backend";
  task.estimate_hours = 6;
  task.complexity = "Medium";
  return task;
}

Epic GoodEpic() {
  Epic epic;
  epic.title = "Shift management";
  epic.description = "Nurses find and book open shifts. Managers see coverage at a glance.";
  epic.priority = "High";
  epic.estimated_complexity = "L";
  epic.category = "core_platform";
  return epic;
}

Feature GoodFeature() {
  Feature feature;
  feature.title = "Open shift board";
  feature.description = "A board listing open shifts by ward and date.";
  feature.estimated_story_points = 8;
  feature.category = "core_functionality";
  return feature;
}

TestCase GoodTestCase() {
  TestCase test_case;
  test_case.title = "Book an open shift";
  test_case.type = "positive";
  test_case.steps = {{"Open the board", "Open shifts are listed"},
                     {"Book the first shift", "It shows as booked"}};
  return test_case;
}

// ---- Stories --------------------------------------------------------------------------------

TEST(StoryQuality, AGoodStoryHasNoFindings) {
  const Quality quality = AssessStory(GoodStory());
  EXPECT_THAT(Rules(quality), IsEmpty());
  EXPECT_EQ(quality.score, 100);
  EXPECT_TRUE(Passes(quality));
}

TEST(StoryQuality, WellFormedTemplate) {
  Story story = GoodStory();
  story.user_story = "Nurses can book shifts.";
  Quality quality = AssessStory(story);
  EXPECT_TRUE(Has(quality, "story.well_formed"));
  EXPECT_FALSE(Passes(quality));

  story.user_story = "";
  EXPECT_TRUE(Has(AssessStory(story), "story.well_formed"));

  // Tolerated variants: "an", no "to", "I would like to", no comma before "so that".
  for (const char* text :
       {"As an admin, I want audit logs exported daily, so that audits are quick.",
        "As a ward manager I would like to see coverage gaps so that I can fill them.",
        "As a ward manager, I need to see coverage gaps, so that I can fill them."}) {
    story.user_story = text;
    EXPECT_FALSE(Has(AssessStory(story), "story.well_formed")) << text;
    EXPECT_FALSE(Has(AssessStory(story), "story.valuable")) << text;
  }
}

TEST(StoryQuality, ParseUserStorySplitsRoleGoalAndBenefit) {
  const auto parts =
      ParseUserStory("As a shift nurse, I want to book an open shift, so that I can plan.");
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(parts->role, "shift nurse");
  EXPECT_EQ(parts->goal, "book an open shift");
  EXPECT_EQ(parts->benefit, "I can plan");
  EXPECT_EQ(ParseUserStory("I want to book a shift"), std::nullopt);
}

TEST(StoryQuality, ValuableNeedsABenefit) {
  Story story = GoodStory();
  story.user_story = "As a shift nurse, I want to book an open shift.";
  const Quality quality = AssessStory(story);
  EXPECT_TRUE(Has(quality, "story.valuable"));
  EXPECT_FALSE(Has(quality, "story.well_formed"));

  story.user_story = "As a shift nurse, I want to book an open shift, so that.";
  EXPECT_TRUE(Has(AssessStory(story), "story.valuable"));
}

TEST(StoryQuality, PlaceholderRoleIsAnErrorAndGenericRoleAWarning) {
  Story story = GoodStory();
  story.user_story = "As a <role>, I want to book an open shift, so that I can plan my week.";
  const std::optional<Finding> placeholder = FindRule(AssessStory(story), "story.role");
  ASSERT_TRUE(placeholder.has_value());
  EXPECT_EQ(placeholder->severity, Severity::kError);

  story.user_story = "As a user, I want to book an open shift, so that I can plan my week.";
  const Quality generic = AssessStory(story);
  const std::optional<Finding> warning = FindRule(generic, "story.role");
  ASSERT_TRUE(warning.has_value());
  EXPECT_EQ(warning->severity, Severity::kWarning);
  EXPECT_TRUE(Passes(generic));
  EXPECT_EQ(generic.score, 100 - kWarningPenalty);
}

TEST(StoryQuality, AtomicFlagsTwoGoals) {
  Story story = GoodStory();
  story.user_story = "As a nurse, I want to book and cancel shifts, so that I control my week.";
  const std::optional<Finding> finding = FindRule(AssessStory(story), "story.atomic");
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->severity, Severity::kError);
  EXPECT_THAT(finding->message, HasSubstr("\"cancel\""));

  story.user_story =
      "As a nurse, I want to view my shifts or I export them, so that I can plan my week.";
  EXPECT_TRUE(Has(AssessStory(story), "story.atomic"));
  story.user_story =
      "As a nurse, I want to search shifts and then book one, so that I can plan my week.";
  EXPECT_TRUE(Has(AssessStory(story), "story.atomic"));
}

TEST(StoryQuality, AtomicAllowsNounLists) {
  Story story = GoodStory();
  for (const char* text :
       {"As a photographer, I want to see black and white photos, so that I can compare them.",
        "As a nurse, I want to filter shifts by date and ward, so that I find one quickly.",
        // A conjunction in the benefit is not the goal's business.
        "As a nurse, I want to book a shift, so that I can plan and rest."}) {
    story.user_story = text;
    EXPECT_FALSE(Has(AssessStory(story), "story.atomic")) << text;
  }
}

TEST(StoryQuality, FullSentence) {
  Story story = GoodStory();
  story.user_story = "as a nurse, I want to book a shift, so that I can plan my week";
  const std::optional<Finding> finding = FindRule(AssessStory(story), "story.full_sentence");
  ASSERT_TRUE(finding.has_value());
  EXPECT_EQ(finding->severity, Severity::kWarning);
  EXPECT_THAT(finding->message, HasSubstr("capital letter"));
  EXPECT_THAT(finding->message, HasSubstr("period"));

  story.user_story = "As a nurse, I want to book a shift, so that I can plan. It must be fast.";
  EXPECT_TRUE(Has(AssessStory(story), "story.full_sentence"));
  story.user_story = "As a nurse, I want to book a shift,\nso that I can plan my week.";
  EXPECT_TRUE(Has(AssessStory(story), "story.full_sentence"));
}

TEST(StoryQuality, EstimableAndSmall) {
  Story story = GoodStory();
  for (const int points : {1, 2, 3, 5, 8}) {
    story.story_points = points;
    EXPECT_THAT(Rules(AssessStory(story)), IsEmpty()) << points;
  }
  story.story_points = 4;
  EXPECT_TRUE(Has(AssessStory(story), "story.estimable"));
  story.story_points = 0;
  EXPECT_TRUE(Has(AssessStory(story), "story.estimable"));

  story.story_points = 13;
  const Quality thirteen = AssessStory(story);
  ASSERT_TRUE(Has(thirteen, "story.small"));
  EXPECT_EQ(FindRule(thirteen, "story.small")->severity, Severity::kWarning);
  EXPECT_TRUE(Passes(thirteen));

  story.story_points = 21;
  const Quality big = AssessStory(story);
  ASSERT_TRUE(Has(big, "story.small"));
  EXPECT_EQ(FindRule(big, "story.small")->severity, Severity::kError);
  EXPECT_FALSE(Has(big, "story.estimable"));
}

TEST(StoryQuality, CriteriaCount) {
  Story story = GoodStory();
  story.acceptance_criteria.resize(2);
  const std::optional<Finding> finding = FindRule(AssessStory(story), "story.criteria_count");
  ASSERT_TRUE(finding.has_value());
  EXPECT_THAT(finding->message, HasSubstr("2 acceptance criteria"));

  story.acceptance_criteria.assign(7, GoodStory().acceptance_criteria[0]);
  EXPECT_FALSE(Has(AssessStory(story), "story.criteria_count"));
  story.acceptance_criteria.assign(8, GoodStory().acceptance_criteria[0]);
  EXPECT_TRUE(Has(AssessStory(story), "story.criteria_count"));
}

TEST(StoryQuality, CriteriaMustBeGivenWhenThen) {
  Story story = GoodStory();
  story.acceptance_criteria[1] = "The shift is booked quickly";
  story.acceptance_criteria[2] = "Then it is booked, Given a shift, When I book it";
  const std::optional<Finding> finding = FindRule(AssessStory(story), "story.criteria_gherkin");
  ASSERT_TRUE(finding.has_value());
  EXPECT_THAT(finding->message, StartsWith("Acceptance criteria 2, 3 "));

  story.acceptance_criteria[1] =
      "GIVEN a booked shift AND a waiting list WHEN it is cancelled THEN the next nurse is told";
  story.acceptance_criteria[2] =
      "Given a shift\nWhen I book it\nThen it is mine\nAnd it is "
      "gone from the board";
  EXPECT_FALSE(Has(AssessStory(story), "story.criteria_gherkin"));
}

TEST(StoryQuality, TitleLength) {
  Story story = GoodStory();
  story.title = "Book";
  EXPECT_TRUE(Has(AssessStory(story), "story.title"));
  story.title = std::string(81, 'x');
  EXPECT_TRUE(Has(AssessStory(story), "story.title"));
  story.title = std::string(80, 'x');
  EXPECT_FALSE(Has(AssessStory(story), "story.title"));
  story.title = "Réserver";  // 8 characters, 9 bytes
  EXPECT_FALSE(Has(AssessStory(story), "story.title"));
}

TEST(StoryQuality, EnumsAreChecked) {
  Story story = GoodStory();
  story.category = "misc";
  story.user_type = "";
  const Quality quality = AssessStory(story);
  EXPECT_EQ(CountRule(quality, "story.enum"), 2);
}

TEST(StoryQuality, ScoreSubtractsWeights) {
  Story story = GoodStory();
  story.acceptance_criteria.resize(2);  // criteria_count: 15
  story.story_points = 4;               // estimable: 15
  const Quality quality = AssessStory(story);
  EXPECT_EQ(quality.score, 70);
  EXPECT_EQ(ScoreFor(quality.findings), 70);

  Story bad;
  bad.user_story = "x";
  bad.acceptance_criteria = {"works"};  // 10+30+15+15+15+10+10 = 105 in penalties
  EXPECT_EQ(AssessStory(bad).score, 0);
}

// ---- Tasks ----------------------------------------------------------------------------------

TEST(TaskQuality, AGoodTaskPasses) {
  EXPECT_THAT(Rules(AssessTask(GoodTask())), IsEmpty());
  Task task = GoodTask();
  task.title = "Set up the staging database";
  EXPECT_THAT(Rules(AssessTask(task)), IsEmpty());
  task.title = "write integration tests";
  EXPECT_THAT(Rules(AssessTask(task)), IsEmpty());
}

TEST(TaskQuality, TitleStartsWithAnActionVerb) {
  Task task = GoodTask();
  task.title = "Booking endpoint";
  EXPECT_TRUE(Has(AssessTask(task), "task.action_verb"));
  task.title = "";
  EXPECT_TRUE(Has(AssessTask(task), "task.action_verb"));
}

TEST(TaskQuality, EstimateWithinHalfAnHourAndSixteenHours) {
  Task task = GoodTask();
  for (const double hours : {0.5, 16.0}) {
    task.estimate_hours = hours;
    EXPECT_FALSE(Has(AssessTask(task), "task.estimate")) << hours;
  }
  task.estimate_hours = 20;
  const std::optional<Finding> finding = FindRule(AssessTask(task), "task.estimate");
  ASSERT_TRUE(finding.has_value());
  EXPECT_THAT(finding->message, HasSubstr("estimate_hours is 20;"));
  task.estimate_hours = 0.25;
  EXPECT_TRUE(Has(AssessTask(task), "task.estimate"));
}

TEST(TaskQuality, DescriptionAndEnums) {
  Task task = GoodTask();
  task.description = "  ";
  task.category = "ops";
  task.complexity = "low";
  const Quality quality = AssessTask(task);
  EXPECT_TRUE(Has(quality, "task.description"));
  EXPECT_EQ(CountRule(quality, "task.enum"), 2);
  EXPECT_THAT(FindRule(quality, "task.enum")->message, HasSubstr("frontend, backend"));
}

// ---- Epics and features ---------------------------------------------------------------------

TEST(EpicQuality, AGoodEpicPasses) { EXPECT_THAT(Rules(AssessEpic(GoodEpic())), IsEmpty()); }

TEST(EpicQuality, TitleDescriptionAndEnums) {
  Epic epic = GoodEpic();
  epic.title = std::string(61, 'x');
  EXPECT_TRUE(Has(AssessEpic(epic), "epic.title"));
  epic.title = "Shifts";
  epic.description = "";
  EXPECT_TRUE(Has(AssessEpic(epic), "epic.description"));
  epic.description = "shift stuff";
  EXPECT_TRUE(Has(AssessEpic(epic), "epic.description"));
  epic.description = "Nurses book shifts.";
  EXPECT_FALSE(Has(AssessEpic(epic), "epic.description"));
  epic.priority = "Urgent";
  epic.estimated_complexity = "XXL";
  epic.category = "";
  const Quality quality = AssessEpic(epic);
  EXPECT_EQ(CountRule(quality, "epic.enum"), 3);
}

TEST(FeatureQuality, TitleDescriptionAndEnums) {
  EXPECT_THAT(Rules(AssessFeature(GoodFeature())), IsEmpty());
  Feature feature = GoodFeature();
  feature.title = std::string(80, 'x');
  EXPECT_FALSE(Has(AssessFeature(feature), "feature.title"));
  feature.title = std::string(81, 'x');
  EXPECT_TRUE(Has(AssessFeature(feature), "feature.title"));
  feature.description = "board";
  EXPECT_TRUE(Has(AssessFeature(feature), "feature.description"));
  feature.estimated_story_points = 21;
  EXPECT_FALSE(Has(AssessFeature(feature), "feature.enum"));
  feature.estimated_story_points = 20;
  EXPECT_TRUE(Has(AssessFeature(feature), "feature.enum"));
}

// ---- Test artefacts -------------------------------------------------------------------------

TEST(TestCaseQuality, StepsNeedActionAndExpectedResult) {
  EXPECT_THAT(Rules(AssessTestCase(GoodTestCase())), IsEmpty());
  TestCase test_case = GoodTestCase();
  test_case.steps[1].expected = "";
  const std::optional<Finding> finding =
      FindRule(AssessTestCase(test_case), "test_case.step_complete");
  ASSERT_TRUE(finding.has_value());
  EXPECT_THAT(finding->message, StartsWith("Step 2 lacks "));

  test_case.steps.clear();
  EXPECT_TRUE(Has(AssessTestCase(test_case), "test_case.steps"));
}

TEST(TestCaseQuality, TypeAndTitle) {
  TestCase test_case = GoodTestCase();
  test_case.type = "smoke";
  test_case.title = "";
  const Quality quality = AssessTestCase(test_case);
  EXPECT_TRUE(Has(quality, "test_case.type"));
  EXPECT_TRUE(Has(quality, "test_case.title"));
  for (const char* type : {"positive", "negative", "boundary", "integration"}) {
    test_case = GoodTestCase();
    test_case.type = type;
    EXPECT_TRUE(Passes(AssessTestCase(test_case))) << type;
  }
}

TEST(TestPlanQuality, ApproachEntryAndExit) {
  TestPlan plan;
  const Quality empty = AssessTestPlan(plan);
  EXPECT_TRUE(Has(empty, "test_plan.approach"));
  EXPECT_TRUE(Has(empty, "test_plan.entry_criteria"));
  EXPECT_TRUE(Has(empty, "test_plan.exit_criteria"));
  plan.test_approach = "Risk-based, automated where stable";
  plan.entry_criteria = {"Build on staging"};
  plan.exit_criteria = {"All high-priority cases pass"};
  EXPECT_THAT(Rules(AssessTestPlan(plan)), IsEmpty());
}

TEST(TestSuiteQuality, NameAndObjectives) {
  TestSuite suite;
  suite.test_objectives = {" "};
  const Quality empty = AssessTestSuite(suite);
  EXPECT_TRUE(Has(empty, "test_suite.name"));
  EXPECT_TRUE(Has(empty, "test_suite.objectives"));
  suite.name = "User Story: Book a shift";
  suite.test_objectives = {"Booking cannot double-book"};
  EXPECT_THAT(Rules(AssessTestSuite(suite)), IsEmpty());
}

// ---- Duplicates -----------------------------------------------------------------------------

Backlog TwoFeatureBacklog() {
  Backlog backlog;
  Epic epic = GoodEpic();
  Feature first = GoodFeature();
  Feature second = GoodFeature();
  second.title = "Coverage dashboard";
  Story booking = GoodStory();
  booking.quality = AssessStory(booking);
  Story other = GoodStory();
  other.id = "S-2";
  other.title = "See ward coverage";
  other.user_story = "As a ward manager, I want to see coverage gaps, so that I can fill them.";
  other.quality = AssessStory(other);
  first.stories = {booking};
  second.stories = {other};
  epic.features = {first, second};
  backlog.epics = {epic};
  return backlog;
}

TEST(Duplicates, DistinctItemsGetNoFindings) {
  Backlog backlog = TwoFeatureBacklog();
  FindDuplicates(backlog);
  for (const Feature& feature : backlog.epics[0].features) {
    EXPECT_THAT(Rules(feature.stories[0].quality), IsEmpty());
  }
}

TEST(Duplicates, NearDuplicateStoriesAcrossFeaturesAreFlaggedOnBoth) {
  Backlog backlog = TwoFeatureBacklog();
  Story copy = GoodStory();
  copy.id = "S-3";
  copy.title = "Reserve a shift";
  // The same words plus one: Jaccard 7/8.
  copy.user_story =
      "As a shift nurse, I want to book an open shift, so that I can plan my whole week ahead.";
  copy.quality = AssessStory(copy);
  backlog.epics[0].features[1].stories.push_back(copy);
  EXPECT_GE(WordSetSimilarity(copy.user_story, GoodStory().user_story), kDuplicateSimilarity);

  FindDuplicates(backlog);
  const Quality& earlier = backlog.epics[0].features[0].stories[0].quality;
  const Quality& later = backlog.epics[0].features[1].stories[1].quality;
  ASSERT_TRUE(Has(later, "story.unique"));
  EXPECT_EQ(FindRule(later, "story.unique")->severity, Severity::kError);
  EXPECT_THAT(FindRule(later, "story.unique")->message, HasSubstr("(S-1)"));
  EXPECT_EQ(later.score, 100 - 25);
  ASSERT_TRUE(Has(earlier, "story.unique"));
  EXPECT_EQ(FindRule(earlier, "story.unique")->severity, Severity::kWarning);
  EXPECT_EQ(earlier.score, 100 - kWarningPenalty);
  EXPECT_FALSE(Has(backlog.epics[0].features[1].stories[0].quality, "story.unique"));

  // Running it again replaces rather than piles up.
  FindDuplicates(backlog);
  EXPECT_EQ(CountRule(later, "story.unique"), 1);
  EXPECT_EQ(later.score, 100 - 25);
}

TEST(Duplicates, SimilarTitlesAloneAreEnough) {
  Backlog backlog = TwoFeatureBacklog();
  backlog.epics[0].features[1].stories[0].title = "book an OPEN shift!";
  FindDuplicates(backlog);
  EXPECT_TRUE(Has(backlog.epics[0].features[1].stories[0].quality, "story.unique"));
}

TEST(Duplicates, EpicTitlesAcrossTheBacklogAndFeatureTitlesWithinAnEpic) {
  Backlog backlog = TwoFeatureBacklog();
  backlog.epics.push_back(backlog.epics[0]);
  backlog.epics[1].title = "Shift Management";
  backlog.epics[0].features[1].title = "Open shift board";
  FindDuplicates(backlog);
  EXPECT_TRUE(Has(backlog.epics[1].quality, "epic.unique"));
  EXPECT_FALSE(Passes(backlog.epics[1].quality));
  EXPECT_TRUE(Has(backlog.epics[0].features[1].quality, "feature.unique"));
  // Epic 1 repeats epic 0's features, but features are compared within their own epic only.
  EXPECT_FALSE(Has(backlog.epics[1].features[0].quality, "feature.unique"));
}

TEST(Duplicates, TaskTitlesWithinAStory) {
  Backlog backlog = TwoFeatureBacklog();
  Story& story = backlog.epics[0].features[0].stories[0];
  story.tasks = {GoodTask(), GoodTask()};
  FindDuplicates(backlog);
  EXPECT_TRUE(Has(story.tasks[1].quality, "task.unique"));
}

// ---- Prompt feedback ------------------------------------------------------------------------

TEST(Findings, ForPromptListsErrorsFirst) {
  Story story = GoodStory();
  story.story_points = 13;  // warning
  story.acceptance_criteria.resize(2);
  const std::string text = FindingsForPrompt(AssessStory(story));
  EXPECT_THAT(text, StartsWith("- [error] story.criteria_count: The story has 2 acceptance"));
  EXPECT_THAT(text, HasSubstr("\n- [warning] story.small: "));
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(FindingsForPrompt(Quality{}), "");
}

}  // namespace
}  // namespace backlog
