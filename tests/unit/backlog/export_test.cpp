#include "backlog/export.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "backlog/json_mapping.hpp"
#include "support/csv_reader.hpp"

namespace backlog {
namespace {

using Json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing_support::CsvRow;
using testing_support::ParseCsv;

// Column `name` of `row`, given the header row.
std::string Cell(const CsvRow& header, const CsvRow& row, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i < row.size() ? row[i] : "";
  }
  ADD_FAILURE() << "no column " << name;
  return {};
}

Task MakeTask(const std::string& id, const std::string& title, double hours) {
  Task task;
  task.id = id;
  task.title = title;
  task.description = "Do it.";
  task.category = "backend";
  task.estimate_hours = hours;
  task.complexity = "Low";
  return task;
}

// Two epics; the first has two features; titles carry commas, quotes, newlines and formula
// starters.
Backlog SampleBacklog() {
  Backlog backlog;
  backlog.project.name = "Rosters";
  backlog.project.vision = "Nurses swap shifts.\nNo phone calls.";
  backlog.project.domains = {"healthcare", "hospitality_tourism"};

  Story booking;
  booking.id = "S-1";
  booking.title = "Book a shift, fast";
  booking.user_story = "As a nurse, I want to book a shift, so that I can plan.";
  booking.description = "Line one\nLine \"two\"";
  booking.acceptance_criteria = {"Given a shift, When I book it, Then it is mine",
                                 "Given <b>, When x, Then y & z"};
  booking.story_points = 5;
  booking.priority = "High";
  booking.category = "data_management";
  booking.tasks = {MakeTask("T-1", "Implement booking", 6.5),
                   MakeTask("T-2", "=HYPERLINK(\"http://evil\")", 2)};
  TestCase test_case;
  test_case.title = "Booking happy path";
  test_case.type = "positive";
  test_case.steps = {{"Open the board", "Shifts listed"}, {"Book one", "Shown as booked"}};
  test_case.test_data = {"true", "2024-05-01"};
  booking.test_cases = {test_case};
  TestSuite suite;
  suite.name = "User Story: Book a shift";
  suite.test_objectives = {"Booking works"};
  booking.test_suite = suite;

  Story swap;
  swap.id = "S-2";
  swap.title = "-Swap shifts";
  swap.user_story = "As a nurse, I want to swap a shift, so that I can rest.";
  swap.story_points = 3;
  swap.tasks = {MakeTask("T-3", "Add swap API", 4)};

  Feature board;
  board.title = "Shift board";
  board.description = "Board of open shifts.";
  board.business_value = "Fewer gaps";
  board.priority = "Medium";
  board.stories = {booking, swap};
  TestPlan plan;
  plan.name = "Test Plan - Shift board";
  plan.test_approach = "Risk-based";
  plan.entry_criteria = {"Deployed"};
  plan.exit_criteria = {"Green"};
  board.test_plan = plan;

  Feature reports;
  reports.title = "Reports";
  reports.description = "Monthly reports.";

  Epic shifts;
  shifts.title = "Shift management";
  shifts.description = "All about shifts.";
  shifts.priority = "High";
  shifts.category = "core_platform";
  shifts.quality.needs_review = true;
  shifts.features = {board, reports};

  Epic admin;
  admin.title = "@Admin";
  admin.description = "+1 for admins.";

  backlog.epics = {shifts, admin};
  return backlog;
}

// Titles of every epic, feature, story and task, in tree order.
std::vector<std::string> AllTitles(const Backlog& backlog) {
  std::vector<std::string> titles;
  for (const Epic& epic : backlog.epics) {
    titles.push_back(epic.title);
    for (const Feature& feature : epic.features) {
      titles.push_back(feature.title);
      for (const Story& story : feature.stories) {
        titles.push_back(story.title);
        for (const Task& task : story.tasks) titles.push_back(task.title);
        for (const TestCase& test_case : story.test_cases) titles.push_back(test_case.title);
      }
    }
  }
  return titles;
}

TEST(Export, FormatNamesContentTypesAndExtensions) {
  EXPECT_EQ(ParseExportFormat("json"), ExportFormat::kJson);
  EXPECT_EQ(ParseExportFormat("yaml"), ExportFormat::kYaml);
  EXPECT_EQ(ParseExportFormat("markdown"), ExportFormat::kMarkdown);
  EXPECT_EQ(ParseExportFormat("ado-csv"), ExportFormat::kAzureDevOpsCsv);
  EXPECT_EQ(ParseExportFormat("jira-csv"), ExportFormat::kJiraCsv);
  EXPECT_EQ(ParseExportFormat("csv"), std::nullopt);
  EXPECT_EQ(ParseExportFormat("JSON"), std::nullopt);
  for (const auto format : {ExportFormat::kJson, ExportFormat::kYaml, ExportFormat::kMarkdown,
                            ExportFormat::kAzureDevOpsCsv, ExportFormat::kJiraCsv}) {
    EXPECT_EQ(ParseExportFormat(ExportFormatName(format)), format);
  }
  EXPECT_EQ(ContentTypeFor(ExportFormat::kJson), "application/json");
  EXPECT_EQ(ContentTypeFor(ExportFormat::kYaml), "application/yaml");
  EXPECT_EQ(ContentTypeFor(ExportFormat::kMarkdown), "text/markdown; charset=utf-8");
  EXPECT_EQ(ContentTypeFor(ExportFormat::kJiraCsv), "text/csv; charset=utf-8");
  EXPECT_EQ(FileExtensionFor(ExportFormat::kMarkdown), "md");
  EXPECT_EQ(FileExtensionFor(ExportFormat::kAzureDevOpsCsv), "csv");
  EXPECT_EQ(FileExtensionFor(ExportFormat::kYaml), "yaml");
}

TEST(Export, ExportBacklogDispatches) {
  const Backlog backlog = SampleBacklog();
  EXPECT_EQ(ExportBacklog(backlog, ExportFormat::kJson), ExportJson(backlog));
  EXPECT_EQ(ExportBacklog(backlog, ExportFormat::kYaml), ExportYaml(backlog));
  EXPECT_EQ(ExportBacklog(backlog, ExportFormat::kMarkdown), ExportMarkdown(backlog));
  EXPECT_EQ(ExportBacklog(backlog, ExportFormat::kAzureDevOpsCsv), ExportAzureDevOpsCsv(backlog));
  EXPECT_EQ(ExportBacklog(backlog, ExportFormat::kJiraCsv), ExportJiraCsv(backlog));
}

TEST(Export, JsonParsesBackToTheSameBacklog) {
  const Backlog backlog = SampleBacklog();
  const Json parsed = Json::parse(ExportJson(backlog));
  EXPECT_EQ(parsed, ToJson(backlog));
  EXPECT_EQ(ToJson(BacklogFromJson(parsed)), ToJson(backlog));
}

TEST(Export, YamlParsesAndHasEveryTitle) {
  const Backlog backlog = SampleBacklog();
  const YAML::Node root = YAML::Load(ExportYaml(backlog));
  EXPECT_EQ(root["project"]["name"].as<std::string>(), "Rosters");
  EXPECT_EQ(root["project"]["vision"].as<std::string>(), backlog.project.vision);
  std::vector<std::string> titles;
  for (const YAML::Node& epic : root["epics"]) {
    titles.push_back(epic["title"].as<std::string>());
    for (const YAML::Node& feature : epic["features"]) {
      titles.push_back(feature["title"].as<std::string>());
      for (const YAML::Node& story : feature["stories"]) {
        titles.push_back(story["title"].as<std::string>());
        for (const YAML::Node& task : story["tasks"])
          titles.push_back(task["title"].as<std::string>());
        for (const YAML::Node& test_case : story["test_cases"]) {
          titles.push_back(test_case["title"].as<std::string>());
        }
      }
    }
  }
  EXPECT_EQ(titles, AllTitles(backlog));

  const YAML::Node story = root["epics"][0]["features"][0]["stories"][0];
  EXPECT_EQ(story["story_points"].as<int>(), 5);
  EXPECT_EQ(story["description"].as<std::string>(), "Line one\nLine \"two\"");
  EXPECT_EQ(story["tasks"][0]["estimate_hours"].as<double>(), 6.5);
  EXPECT_TRUE(story["test_suite"].IsMap());
  // Strings that would read as a boolean or a date are quoted, numbers are not.
  const YAML::Node data = story["test_cases"][0]["test_data"];
  EXPECT_EQ(data[0].Tag(), "!");
  EXPECT_EQ(data[0].as<std::string>(), "true");
  EXPECT_EQ(data[1].Tag(), "!");
  EXPECT_EQ(story["story_points"].Tag(), "?");
  EXPECT_TRUE(root["epics"][1]["features"].IsSequence());
  EXPECT_EQ(root["epics"][1]["features"].size(), 0u);
}

// The JSON a YAML document denotes: quoted scalars are strings, plain ones resolve to booleans,
// null, integers and floats as YAML 1.2's core schema says.
Json FromYaml(const YAML::Node& node) {
  if (node.IsMap()) {
    Json object = Json::object();
    for (const auto& member : node)
      object[member.first.as<std::string>()] = FromYaml(member.second);
    return object;
  }
  if (node.IsSequence()) {
    Json array = Json::array();
    for (const YAML::Node& item : node) array.push_back(FromYaml(item));
    return array;
  }
  if (!node.IsScalar()) return nullptr;
  const std::string text = node.Scalar();
  if (node.Tag() == "!") return text;
  if (text == "true" || text == "false") return text == "true";
  if (text == "~" || text == "null") return nullptr;
  std::size_t used = 0;
  try {
    const long long integer = std::stoll(text, &used);
    if (used == text.size()) return integer;
    const double number = std::stod(text, &used);
    if (used == text.size()) return number;
  } catch (const std::exception&) {
  }
  return text;
}

TEST(Export, YamlReadsBackAsTheSameJson) {
  Backlog backlog = SampleBacklog();
  Story& story = backlog.epics[0].features[0].stories[0];
  story.acceptance_criteria = {
      "- dash",  "key: value", "# hash",     "  padded ", "yes",   "007",  "1.5",  "-3",
      "null",    "~",          "Réserver ✓", "[list]",    "{map}", "a\tb", "it's", "*star",
      "&anchor", "!tag",       "%percent",   "|pipe",     ">fold", "a #b", "",     "line\nbreak",
      "@at",     "`tick",      "\"quoted\"", "trailing:", ".5",    "1e3"};
  story.tasks[0].estimate_hours = 0.1;
  story.tasks[1].estimate_hours = 2;
  story.tasks[1].technical_details = R"({"0":["x"],"true":{"nested":[]}})";
  EXPECT_EQ(FromYaml(YAML::Load(ExportYaml(backlog))), ToJson(backlog));
}

TEST(Export, MarkdownHasEveryTitleAndStep) {
  const Backlog backlog = SampleBacklog();
  const std::string markdown = ExportMarkdown(backlog);
  for (const std::string& title : AllTitles(backlog)) EXPECT_THAT(markdown, HasSubstr(title));
  EXPECT_THAT(markdown, HasSubstr("# Rosters\n"));
  EXPECT_THAT(markdown, HasSubstr("> Nurses swap shifts.\n> No phone calls.\n"));
  EXPECT_THAT(markdown, HasSubstr("Healthcare, Hospitality & Tourism"));
  EXPECT_THAT(markdown, HasSubstr("## Epic 1: Shift management (needs review)\n"));
  EXPECT_THAT(markdown, HasSubstr("### Feature 1.1: Shift board\n"));
  EXPECT_THAT(markdown, HasSubstr("#### Story 1.1.1: Book a shift, fast\n"));
  EXPECT_THAT(markdown, HasSubstr("- Given a shift, When I book it, Then it is mine\n"));
  EXPECT_THAT(markdown, HasSubstr("| 1 | Implement booking | backend | Low | 6.5 |\n"));
  EXPECT_THAT(markdown, HasSubstr("Total estimate: 8.5 h"));
  EXPECT_THAT(markdown, HasSubstr("1. Open the board — *Expected:* Shifts listed\n"));
  EXPECT_THAT(markdown, HasSubstr("2. Book one — *Expected:* Shown as booked\n"));
  EXPECT_THAT(markdown, HasSubstr("Test plan: Test Plan - Shift board"));
  EXPECT_THAT(markdown, HasSubstr("User Story: Book a shift"));
}

TEST(Export, AzureDevOpsCsvHasOneRowPerItemAtItsLevel) {
  const Backlog backlog = SampleBacklog();
  const std::string csv = ExportAzureDevOpsCsv(backlog);
  const std::vector<CsvRow> rows = ParseCsv(csv);
  ASSERT_FALSE(rows.empty());
  const CsvRow& header = rows[0];
  EXPECT_THAT(header, ElementsAre("ID", "Work Item Type", "Title 1", "Title 2", "Title 3",
                                  "Title 4", "Description", "Acceptance Criteria", "Story Points",
                                  "Original Estimate", "Remaining Work", "Priority", "Tags"));
  // 2 epics + 2 features + 2 stories + 3 tasks; test artefacts are not importable by CSV.
  ASSERT_EQ(rows.size(), 1u + 9u);
  const std::vector<std::pair<std::string, int>> expected = {
      {"Epic", 1},       {"Feature", 2}, {"User Story", 3}, {"Task", 4}, {"Task", 4},
      {"User Story", 3}, {"Task", 4},    {"Feature", 2},    {"Epic", 1}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const CsvRow& row = rows[i + 1];
    ASSERT_EQ(row.size(), header.size()) << i;
    EXPECT_EQ(Cell(header, row, "ID"), "");
    EXPECT_EQ(Cell(header, row, "Work Item Type"), expected[i].first) << i;
    for (int level = 1; level <= 4; ++level) {
      const std::string title = Cell(header, row, "Title " + std::to_string(level));
      EXPECT_EQ(title.empty(), level != expected[i].second) << "row " << i << " level " << level;
    }
  }
  const CsvRow& epic = rows[1];
  EXPECT_EQ(Cell(header, epic, "Title 1"), "Shift management");
  EXPECT_EQ(Cell(header, epic, "Priority"), "1");
  EXPECT_EQ(Cell(header, epic, "Tags"), "core_platform; needs-review");
  EXPECT_EQ(Cell(header, epic, "Description"), "<p>All about shifts.</p>");
  EXPECT_EQ(Cell(header, rows[2], "Description"),
            "<p>Board of open shifts.</p><p><b>Business value:</b> Fewer gaps</p>");

  const CsvRow& story = rows[3];
  EXPECT_EQ(Cell(header, story, "Title 3"), "Book a shift, fast");
  EXPECT_EQ(Cell(header, story, "Story Points"), "5");
  EXPECT_EQ(Cell(header, story, "Description"),
            "<p>As a nurse, I want to book a shift, so that I can plan.</p><p>Line one</p>"
            "<p>Line &quot;two&quot;</p>");
  EXPECT_EQ(Cell(header, story, "Acceptance Criteria"),
            "<ul><li>Given a shift, When I book it, Then it is mine</li>"
            "<li>Given &lt;b&gt;, When x, Then y &amp; z</li></ul>");
  const CsvRow& task = rows[4];
  EXPECT_EQ(Cell(header, task, "Original Estimate"), "6.5");
  EXPECT_EQ(Cell(header, task, "Remaining Work"), "6.5");
  EXPECT_EQ(Cell(header, task, "Story Points"), "");

  // Formula guard on titles starting with = - @.
  EXPECT_EQ(Cell(header, rows[5], "Title 4"), "'=HYPERLINK(\"http://evil\")");
  EXPECT_EQ(Cell(header, rows[6], "Title 3"), "'-Swap shifts");
  EXPECT_EQ(Cell(header, rows[9], "Title 1"), "'@Admin");
}

TEST(Export, CsvQuotesCommasQuotesAndNewlinesWithCrlfRecords) {
  Backlog backlog;
  Epic epic;
  epic.title = "Plain";
  epic.description = "a";
  Feature feature;
  feature.title = "Say \"hi\", then\nleave";
  epic.features = {feature};
  backlog.epics = {epic};
  const std::string csv = ExportAzureDevOpsCsv(backlog);
  // Newlines in titles collapse to spaces (ADO titles are one line); quotes and commas stay.
  EXPECT_THAT(csv, HasSubstr(",\"Say \"\"hi\"\", then leave\","));
  EXPECT_THAT(csv, HasSubstr(",Epic,Plain,,,,<p>a</p>,"));
  EXPECT_EQ(ParseCsv(csv).size(), 3u);  // checks every record ends in CRLF

  // A multi-line cell keeps its newline inside quotes (Jira description).
  Story story;
  story.title = "Story";
  story.description = "one\ntwo";
  backlog.epics[0].features[0].stories = {story};
  EXPECT_THAT(ExportJiraCsv(backlog), HasSubstr(",\"one\ntwo\n\nFeature: Say \"\"hi\"\", then"));
}

TEST(Export, JiraCsvPutsEpicsThenStoriesThenSubtasksWithParents) {
  const Backlog backlog = SampleBacklog();
  const std::vector<CsvRow> rows = ParseCsv(ExportJiraCsv(backlog));
  ASSERT_FALSE(rows.empty());
  const CsvRow& header = rows[0];
  EXPECT_THAT(header, ElementsAre("Issue ID", "Issue Type", "Summary", "Parent", "Description",
                                  "Priority", "Story Points", "Original Estimate", "Labels",
                                  "Labels"));  // as many Labels columns as the most labels
  // 2 epics, 2 stories, 3 sub-tasks; features become labels.
  ASSERT_EQ(rows.size(), 1u + 7u);
  std::vector<std::string> types;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size());
    EXPECT_EQ(Cell(header, rows[i], "Issue ID"), std::to_string(i));
    types.push_back(Cell(header, rows[i], "Issue Type"));
  }
  EXPECT_THAT(types,
              ElementsAre("Epic", "Epic", "Story", "Story", "Sub-task", "Sub-task", "Sub-task"));

  EXPECT_EQ(Cell(header, rows[1], "Summary"), "Shift management");
  EXPECT_EQ(Cell(header, rows[1], "Parent"), "");
  EXPECT_EQ(Cell(header, rows[2], "Summary"), "'@Admin");
  EXPECT_EQ(Cell(header, rows[2], "Description"), "'+1 for admins.");

  const CsvRow& story = rows[3];
  EXPECT_EQ(Cell(header, story, "Summary"), "Book a shift, fast");
  EXPECT_EQ(Cell(header, story, "Parent"), "1");
  EXPECT_EQ(Cell(header, story, "Story Points"), "5");
  EXPECT_EQ(Cell(header, story, "Priority"), "High");
  EXPECT_THAT(Cell(header, story, "Description"),
              HasSubstr("Acceptance criteria:\n* Given a shift, When I book it, Then it is mine"));
  EXPECT_THAT(Cell(header, story, "Description"), HasSubstr("Feature: Shift board"));
  EXPECT_EQ(story[8], "data-management");
  EXPECT_EQ(story[9], "feature-shift-board");
  EXPECT_EQ(Cell(header, rows[4], "Summary"), "'-Swap shifts");

  // Sub-tasks point at their story's Issue ID; estimates are in seconds.
  EXPECT_EQ(Cell(header, rows[5], "Summary"), "Implement booking");
  EXPECT_EQ(Cell(header, rows[5], "Parent"), "3");
  EXPECT_EQ(Cell(header, rows[5], "Original Estimate"), "23400");
  EXPECT_EQ(Cell(header, rows[6], "Summary"), "'=HYPERLINK(\"http://evil\")");
  EXPECT_EQ(Cell(header, rows[7], "Parent"), "4");
  EXPECT_EQ(Cell(header, rows[7], "Original Estimate"), "14400");
  EXPECT_EQ(rows[1][8], "core-platform");
  EXPECT_EQ(rows[1][9], "needs-review");
}

// Both found by tests/fuzz/csv_export_fuzz.
TEST(Export, JiraCsvKeepsLabelOrderAndCountsOnlyRepresentableSeconds) {
  Backlog backlog;
  Epic epic;
  epic.title = "Epic";
  Feature feature;
  feature.title = "Shift board";
  Story story;
  story.title = "No category, needs review";
  story.quality.needs_review = true;
  Task task;
  task.title = "Forever";
  task.estimate_hours = 1e300;
  story.tasks = {task};
  feature.stories = {story};
  epic.features = {feature};
  backlog.epics = {epic};
  const std::vector<CsvRow> rows = ParseCsv(ExportJiraCsv(backlog));
  ASSERT_EQ(rows.size(), 4u);
  const CsvRow& header = rows[0];
  EXPECT_EQ(rows[2][8], "feature-shift-board");
  EXPECT_EQ(rows[2][9], "needs-review");
  EXPECT_EQ(Cell(header, rows[3], "Original Estimate"), "");
}

TEST(Export, EmptyBacklogStillHasHeaders) {
  const Backlog backlog;
  EXPECT_EQ(ParseCsv(ExportAzureDevOpsCsv(backlog)).size(), 1u);
  EXPECT_EQ(ParseCsv(ExportJiraCsv(backlog)).size(), 1u);
  EXPECT_NO_THROW(YAML::Load(ExportYaml(backlog)));
  EXPECT_EQ(Json::parse(ExportJson(backlog))["epics"], Json::array());
}

}  // namespace
}  // namespace backlog
