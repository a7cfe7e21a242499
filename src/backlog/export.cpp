#include "backlog/export.hpp"

#include <yaml-cpp/yaml.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <system_error>
#include <utility>
#include <vector>

#include "backlog/domains.hpp"
#include "backlog/json_mapping.hpp"

namespace backlog {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<ExportFormat, std::string_view>, 5> kFormatNames = {{
    {ExportFormat::kJson, "json"},
    {ExportFormat::kYaml, "yaml"},
    {ExportFormat::kMarkdown, "markdown"},
    {ExportFormat::kAzureDevOpsCsv, "ado-csv"},
    {ExportFormat::kJiraCsv, "jira-csv"},
}};

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

std::string ToLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = Lower(c);
  return out;
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

// Shortest decimal form that reads back as the same double ("4", "0.5", "1e+20").
std::string FormatNumber(double value) {
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return std::to_string(value);
  return std::string(buffer.data(), end);
}

// ---- YAML -----------------------------------------------------------------------------------

// Whether a plain scalar would read back as something other than this string under YAML 1.1 or
// 1.2 core rules. Errs on the side of quoting: anything starting like a number is quoted.
bool YamlNeedsQuotes(std::string_view text) {
  if (text.empty()) return true;
  static constexpr std::array<std::string_view, 11> kSpecial = {
      "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf"};
  const std::string lower = ToLower(text);
  for (const std::string_view special : kSpecial) {
    if (lower == special) return true;
  }
  if (lower == ".nan" || lower == "-.inf" || lower == "+.inf") return true;
  const char first = text.front();
  if (first >= '0' && first <= '9') return true;
  if ((first == '-' || first == '+' || first == '.') && text.size() > 1 &&
      ((text[1] >= '0' && text[1] <= '9') || text[1] == '.')) {
    return true;
  }
  return text.front() == ' ' || text.back() == ' ';
}

void EmitYaml(YAML::Emitter& out, const Json& value) {
  // Block style puts an empty collection on a line of its own; flow style keeps "key: []".
  if ((value.is_object() || value.is_array()) && value.empty()) out << YAML::Flow;
  switch (value.type()) {
    case Json::value_t::object:
      out << YAML::BeginMap;
      for (const auto& [key, member] : value.items()) {
        out << YAML::Key;
        if (YamlNeedsQuotes(key)) out << YAML::DoubleQuoted;
        out << key << YAML::Value;
        EmitYaml(out, member);
      }
      out << YAML::EndMap;
      break;
    case Json::value_t::array:
      out << YAML::BeginSeq;
      for (const Json& item : value) EmitYaml(out, item);
      out << YAML::EndSeq;
      break;
    case Json::value_t::string: {
      const auto& text = value.get_ref<const std::string&>();
      if (YamlNeedsQuotes(text)) out << YAML::DoubleQuoted;
      out << text;
      break;
    }
    case Json::value_t::boolean:
      out << value.get<bool>();
      break;
    case Json::value_t::number_integer:
      out << value.get<std::int64_t>();
      break;
    case Json::value_t::number_unsigned:
      out << value.get<std::uint64_t>();
      break;
    case Json::value_t::number_float: {
      // yaml-cpp prints doubles with 17 digits (0.1 -> 0.10000000000000001); the shortest
      // round-trip form reads better. A ".0" keeps integral values floats.
      std::string number = FormatNumber(value.get<double>());
      if (number.find_first_of(".eEn") == std::string::npos) number += ".0";
      out << number;
      break;
    }
    default:
      out << YAML::Null;
      break;
  }
}

// ---- Markdown -------------------------------------------------------------------------------

// Text on one line: newlines become spaces.
std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\r') continue;
    out += c == '\n' ? ' ' : c;
  }
  const auto end = out.find_last_not_of(' ');
  return end == std::string::npos ? std::string() : out.substr(0, end + 1);
}

std::string TableCell(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\r') continue;
    if (c == '\n') {
      out += "<br>";
    } else if (c == '|') {
      out += "\\|";
    } else {
      out += c;
    }
  }
  return out;
}

std::string Heading(std::string_view text) {
  const std::string line = OneLine(text);
  return line.empty() ? std::string("(untitled)") : line;
}

class MarkdownWriter {
 public:
  void Line(std::string_view text = "") {
    out_ += text;
    out_ += '\n';
  }

  void Paragraph(std::string_view text) {
    if (IsBlank(text)) return;
    Line(text);
    Line();
  }

  void Title(int level, std::string_view text, const Quality& quality) {
    std::string heading(static_cast<std::size_t>(level), '#');
    heading += ' ';
    heading += text;
    if (quality.needs_review) heading += " (needs review)";
    Line(heading);
    Line();
  }

  // A " · "-joined line of the non-empty "Label: value" pairs.
  void Facts(const std::vector<std::pair<std::string_view, std::string>>& facts) {
    std::string line;
    for (const auto& [label, value] : facts) {
      if (value.empty()) continue;
      if (!line.empty()) line += " · ";
      line += "**";
      line += label;
      line += ":** ";
      line += OneLine(value);
    }
    if (!line.empty()) Paragraph(line);
  }

  void Bullets(std::string_view label, const std::vector<std::string>& items) {
    if (items.empty()) return;
    Line("**" + std::string(label) + "**");
    Line();
    for (const std::string& item : items) Line("- " + OneLine(item));
    Line();
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string Points(int points) { return points > 0 ? std::to_string(points) : std::string(); }

void WriteTestPlan(MarkdownWriter& md, const TestPlan& plan) {
  md.Title(4, "Test plan: " + Heading(plan.name), plan.quality);
  md.Paragraph(plan.description);
  if (!IsBlank(plan.test_approach)) md.Paragraph("**Approach:** " + OneLine(plan.test_approach));
  md.Bullets("Test types", plan.test_types);
  md.Bullets("Entry criteria", plan.entry_criteria);
  md.Bullets("Exit criteria", plan.exit_criteria);
  const TestEnvironment& environment = plan.test_environment;
  if (!IsBlank(environment.description)) {
    md.Paragraph("**Environment:** " + OneLine(environment.description));
  }
  md.Bullets("Test data", environment.data_requirements);
  md.Bullets("Tools", environment.tools_required);
  if (!plan.risks_and_mitigations.empty()) {
    md.Line("| Risk | Impact | Mitigation |");
    md.Line("|---|---|---|");
    for (const Risk& risk : plan.risks_and_mitigations) {
      md.Line("| " + TableCell(risk.risk) + " | " + TableCell(risk.impact) + " | " +
              TableCell(risk.mitigation) + " |");
    }
    md.Line();
  }
}

void WriteTasks(MarkdownWriter& md, const std::vector<Task>& tasks) {
  if (tasks.empty()) return;
  md.Line("**Tasks**");
  md.Line();
  md.Line("| # | Task | Category | Complexity | Estimate (h) |");
  md.Line("|---:|---|---|---|---:|");
  double total = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const Task& task = tasks[i];
    total += task.estimate_hours;
    std::string title = TableCell(task.title);
    if (task.quality.needs_review) title += " (needs review)";
    md.Line("| " + std::to_string(i + 1) + " | " + title + " | " + TableCell(task.category) +
            " | " + TableCell(task.complexity) + " | " + FormatNumber(task.estimate_hours) + " |");
  }
  md.Line();
  md.Paragraph("Total estimate: " + FormatNumber(total) + " h");
}

void WriteTestCase(MarkdownWriter& md, std::size_t number, const TestCase& test_case) {
  std::string heading = "Test case " + std::to_string(number) + ": " + Heading(test_case.title);
  md.Title(5, heading, test_case.quality);
  md.Facts({{"Type", test_case.type},
            {"Priority", test_case.priority},
            {"Automation candidate", test_case.automation_candidate ? "yes" : "no"}});
  md.Paragraph(test_case.description);
  md.Bullets("Preconditions", test_case.preconditions);
  if (!test_case.steps.empty()) {
    md.Line("**Steps**");
    md.Line();
    for (std::size_t i = 0; i < test_case.steps.size(); ++i) {
      const TestStep& step = test_case.steps[i];
      std::string line = std::to_string(i + 1) + ". " + OneLine(step.action);
      if (!IsBlank(step.expected)) line += " — *Expected:* " + OneLine(step.expected);
      md.Line(line);
    }
    md.Line();
  }
  md.Bullets("Test data", test_case.test_data);
}

void WriteStory(MarkdownWriter& md, const std::string& number, const Story& story) {
  md.Title(4, "Story " + number + ": " + Heading(story.title), story.quality);
  if (!IsBlank(story.user_story)) md.Paragraph("*" + OneLine(story.user_story) + "*");
  md.Facts({{"Story points", Points(story.story_points)},
            {"Priority", story.priority},
            {"Category", story.category},
            {"User type", story.user_type}});
  md.Paragraph(story.description);
  md.Bullets("Acceptance criteria", story.acceptance_criteria);
  WriteTasks(md, story.tasks);
  if (story.test_suite) {
    const TestSuite& suite = *story.test_suite;
    md.Paragraph("**Test suite:** " + OneLine(suite.name));
    md.Paragraph(suite.description);
    md.Bullets("Test objectives", suite.test_objectives);
    md.Bullets("Prerequisites", suite.prerequisites);
  }
  for (std::size_t i = 0; i < story.test_cases.size(); ++i) {
    WriteTestCase(md, i + 1, story.test_cases[i]);
  }
}

void WriteFeature(MarkdownWriter& md, const std::string& number, const Feature& feature) {
  md.Title(3, "Feature " + number + ": " + Heading(feature.title), feature.quality);
  md.Facts({{"Priority", feature.priority},
            {"Estimated story points", Points(feature.estimated_story_points)},
            {"Category", feature.category}});
  md.Paragraph(feature.description);
  if (!IsBlank(feature.business_value)) {
    md.Paragraph("**Business value:** " + OneLine(feature.business_value));
  }
  md.Bullets("Dependencies", feature.dependencies);
  md.Bullets("UI/UX requirements", feature.ui_ux_requirements);
  md.Bullets("Technical considerations", feature.technical_considerations);
  md.Bullets("Edge cases", feature.edge_cases);
  if (feature.test_plan) WriteTestPlan(md, *feature.test_plan);
  for (std::size_t i = 0; i < feature.stories.size(); ++i) {
    WriteStory(md, number + "." + std::to_string(i + 1), feature.stories[i]);
  }
}

// ---- CSV ------------------------------------------------------------------------------------

// A cell as RFC 4180 wants it, after the formula-injection guard described in export.hpp.
std::string CsvCell(std::string_view text) {
  std::string cell;
  if (!text.empty()) {
    const char first = text.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r') {
      cell += '\'';
    }
  }
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

class CsvWriter {
 public:
  void Row(const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i > 0) out_ += ',';
      out_ += CsvCell(cells[i]);
    }
    out_ += "\r\n";
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string EscapeHtml(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A <p> per non-blank line.
std::string HtmlParagraphs(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!IsBlank(line)) out += "<p>" + EscapeHtml(line) + "</p>";
    start = end + 1;
  }
  return out;
}

std::string HtmlList(const std::vector<std::string>& items) {
  if (items.empty()) return {};
  std::string out = "<ul>";
  for (const std::string& item : items) out += "<li>" + EscapeHtml(OneLine(item)) + "</li>";
  out += "</ul>";
  return out;
}

std::string AdoPriority(std::string_view priority) {
  const std::string lower = ToLower(priority);
  if (lower == "high") return "1";
  if (lower == "medium") return "2";
  if (lower == "low") return "3";
  return {};
}

std::string Tags(std::string_view category, const Quality& quality) {
  std::string tags(category);
  if (quality.needs_review) tags += tags.empty() ? "needs-review" : "; needs-review";
  return tags;
}

std::string Hours(double hours) { return hours > 0 ? FormatNumber(hours) : std::string(); }

// Story description for the trackers: the user story first unless the description repeats it.
std::string StoryText(const Story& story) {
  if (IsBlank(story.user_story) || story.description.find(story.user_story) != std::string::npos) {
    return story.description;
  }
  if (IsBlank(story.description)) return story.user_story;
  return story.user_story + "\n\n" + story.description;
}

// A Jira label: lowercase, runs of characters other than letters and digits become one "-".
std::string Slug(std::string_view text) {
  std::string slug;
  bool dash = false;
  for (const char c : text) {
    const char lower = Lower(c);
    const bool keep = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') ||
                      static_cast<unsigned char>(c) >= 0x80;
    if (keep) {
      if (dash && !slug.empty()) slug += '-';
      slug += lower;
      dash = false;
    } else {
      dash = true;
    }
  }
  return slug;
}

std::string JiraPriority(std::string_view priority) {
  const std::string lower = ToLower(priority);
  if (lower == "high") return "High";
  if (lower == "medium") return "Medium";
  if (lower == "low") return "Low";
  return {};
}

std::string JiraSeconds(double hours) {
  const double seconds = std::round(hours * 3600);
  // Past a 64-bit count of seconds (2.5e15 hours) llround has no answer; the cell stays empty
  // rather than holding a negative number.
  if (!(hours > 0) || !(seconds < 9.2e18)) return {};
  return std::to_string(static_cast<long long>(seconds));
}

struct JiraRow {
  std::string type;
  std::string summary;
  int parent = 0;  // Issue ID of the parent row, 0 for none
  std::string description;
  std::string priority;
  std::string story_points;
  std::string estimate_seconds;
  std::vector<std::string> labels;
};

std::vector<std::string> JiraLabels(std::string_view category, const Quality& quality) {
  std::vector<std::string> labels;
  if (std::string slug = Slug(category); !slug.empty()) labels.push_back(std::move(slug));
  if (quality.needs_review) labels.emplace_back("needs-review");
  return labels;
}

std::string JiraStoryDescription(const Story& story, const Feature& feature) {
  std::string text = StoryText(story);
  if (!story.acceptance_criteria.empty()) {
    if (!text.empty()) text += "\n\n";
    text += "Acceptance criteria:";
    for (const std::string& criterion : story.acceptance_criteria) {
      text += "\n* " + OneLine(criterion);
    }
  }
  if (!IsBlank(feature.title)) {
    if (!text.empty()) text += "\n\n";
    text += "Feature: " + OneLine(feature.title);
  }
  return text;
}

}  // namespace

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  for (const auto& [format, candidate] : kFormatNames) {
    if (candidate == name) return format;
  }
  return std::nullopt;
}

std::string_view ExportFormatName(ExportFormat format) {
  for (const auto& [candidate, name] : kFormatNames) {
    if (candidate == format) return name;
  }
  return "json";
}

std::string_view ContentTypeFor(ExportFormat format) {
  switch (format) {
    case ExportFormat::kJson:
      return "application/json";
    case ExportFormat::kYaml:
      return "application/yaml";
    case ExportFormat::kMarkdown:
      return "text/markdown; charset=utf-8";
    case ExportFormat::kAzureDevOpsCsv:
    case ExportFormat::kJiraCsv:
      return "text/csv; charset=utf-8";
  }
  return "application/octet-stream";
}

std::string_view FileExtensionFor(ExportFormat format) {
  switch (format) {
    case ExportFormat::kJson:
      return "json";
    case ExportFormat::kYaml:
      return "yaml";
    case ExportFormat::kMarkdown:
      return "md";
    case ExportFormat::kAzureDevOpsCsv:
    case ExportFormat::kJiraCsv:
      return "csv";
  }
  return "bin";
}

std::string ExportJson(const Backlog& backlog) { return ToJson(backlog).dump(2) + "\n"; }

std::string ExportYaml(const Backlog& backlog) {
  YAML::Emitter out;
  out.SetIndent(2);
  EmitYaml(out, ToJson(backlog));
  return std::string(out.c_str()) + "\n";
}

std::string ExportMarkdown(const Backlog& backlog) {
  MarkdownWriter md;
  const Project& project = backlog.project;
  md.Line("# " + Heading(project.name));
  md.Line();
  if (!IsBlank(project.vision)) {
    std::size_t start = 0;
    while (start <= project.vision.size()) {
      std::size_t end = project.vision.find('\n', start);
      if (end == std::string::npos) end = project.vision.size();
      std::string line = project.vision.substr(start, end - start);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      md.Line(line.empty() ? ">" : "> " + line);
      start = end + 1;
    }
    md.Line();
  }
  std::string domains;
  for (const std::string& key : project.domains) {
    if (!domains.empty()) domains += ", ";
    const Domain* domain = FindDomain(key);
    domains += domain != nullptr ? domain->display_name : key;
  }
  md.Facts({{"Domains", domains}, {"Target users", project.target_users}});

  for (std::size_t e = 0; e < backlog.epics.size(); ++e) {
    const Epic& epic = backlog.epics[e];
    const std::string number = std::to_string(e + 1);
    md.Title(2, "Epic " + number + ": " + Heading(epic.title), epic.quality);
    md.Facts({{"Priority", epic.priority},
              {"Complexity", epic.estimated_complexity},
              {"Category", epic.category}});
    md.Paragraph(epic.description);
    for (std::size_t f = 0; f < epic.features.size(); ++f) {
      WriteFeature(md, number + "." + std::to_string(f + 1), epic.features[f]);
    }
  }
  return md.Take();
}

std::string ExportAzureDevOpsCsv(const Backlog& backlog) {
  CsvWriter csv;
  csv.Row({"ID", "Work Item Type", "Title 1", "Title 2", "Title 3", "Title 4", "Description",
           "Acceptance Criteria", "Story Points", "Original Estimate", "Remaining Work", "Priority",
           "Tags"});
  // Only one Title N column is filled per row: the level of the item.
  const auto titles = [](std::size_t level, const std::string& title) {
    std::vector<std::string> columns(4);
    columns[level] = OneLine(title);
    return columns;
  };
  const auto row = [&csv](std::string_view type, std::vector<std::string> title_columns,
                          std::string description, std::string criteria, std::string points,
                          std::string hours, std::string priority, std::string tags) {
    std::vector<std::string> cells = {"", std::string(type)};
    cells.insert(cells.end(), title_columns.begin(), title_columns.end());
    cells.push_back(std::move(description));
    cells.push_back(std::move(criteria));
    cells.push_back(std::move(points));
    cells.push_back(hours);
    cells.push_back(std::move(hours));
    cells.push_back(std::move(priority));
    cells.push_back(std::move(tags));
    csv.Row(cells);
  };
  for (const Epic& epic : backlog.epics) {
    row("Epic", titles(0, epic.title), HtmlParagraphs(epic.description), "", "", "",
        AdoPriority(epic.priority), Tags(epic.category, epic.quality));
    for (const Feature& feature : epic.features) {
      std::string description = HtmlParagraphs(feature.description);
      if (!IsBlank(feature.business_value)) {
        description +=
            "<p><b>Business value:</b> " + EscapeHtml(OneLine(feature.business_value)) + "</p>";
      }
      row("Feature", titles(1, feature.title), std::move(description), "", "", "",
          AdoPriority(feature.priority), Tags(feature.category, feature.quality));
      for (const Story& story : feature.stories) {
        row("User Story", titles(2, story.title), HtmlParagraphs(StoryText(story)),
            HtmlList(story.acceptance_criteria), Points(story.story_points), "",
            AdoPriority(story.priority), Tags(story.category, story.quality));
        for (const Task& task : story.tasks) {
          row("Task", titles(3, task.title), HtmlParagraphs(task.description), "", "",
              Hours(task.estimate_hours), "", Tags(task.category, task.quality));
        }
      }
    }
  }
  return csv.Take();
}

std::string ExportJiraCsv(const Backlog& backlog) {
  // Rows by level as the importer wants them: all epics, then stories, then sub-tasks.
  std::vector<JiraRow> epics;
  std::vector<JiraRow> stories;
  std::vector<JiraRow> subtasks;
  std::vector<int> subtask_story;  // index into `stories` of each sub-task's parent
  for (std::size_t e = 0; e < backlog.epics.size(); ++e) {
    const Epic& epic = backlog.epics[e];
    epics.push_back({"Epic", OneLine(epic.title), 0, epic.description, JiraPriority(epic.priority),
                     "", "", JiraLabels(epic.category, epic.quality)});
    for (const Feature& feature : epic.features) {
      for (const Story& story : feature.stories) {
        std::vector<std::string> labels = JiraLabels(story.category, story.quality);
        if (std::string slug = Slug(feature.title); !slug.empty()) {
          // After the category's label, if it has one, and before needs-review.
          const bool category_label = !Slug(story.category).empty();
          labels.insert(labels.begin() + (category_label ? 1 : 0), "feature-" + slug);
        }
        stories.push_back({"Story", OneLine(story.title), static_cast<int>(e) + 1,
                           JiraStoryDescription(story, feature), JiraPriority(story.priority),
                           Points(story.story_points), "", std::move(labels)});
        for (const Task& task : story.tasks) {
          subtasks.push_back({"Sub-task", OneLine(task.title), 0, task.description, "", "",
                              JiraSeconds(task.estimate_hours),
                              JiraLabels(task.category, task.quality)});
          subtask_story.push_back(static_cast<int>(stories.size()) - 1);
        }
      }
    }
  }
  const int first_story_id = static_cast<int>(epics.size()) + 1;
  for (std::size_t i = 0; i < subtasks.size(); ++i) {
    subtasks[i].parent = first_story_id + subtask_story[i];
  }

  std::size_t label_columns = 1;
  for (const auto* rows : {&epics, &stories, &subtasks}) {
    for (const JiraRow& jira_row : *rows) {
      label_columns = std::max(label_columns, jira_row.labels.size());
    }
  }
  CsvWriter csv;
  std::vector<std::string> header = {"Issue ID",     "Issue Type",       "Summary",
                                     "Parent",       "Description",      "Priority",
                                     "Story Points", "Original Estimate"};
  header.insert(header.end(), label_columns, "Labels");
  csv.Row(header);
  int id = 0;
  for (const auto* rows : {&epics, &stories, &subtasks}) {
    for (const JiraRow& jira_row : *rows) {
      std::vector<std::string> cells = {
          std::to_string(++id),  jira_row.type,
          jira_row.summary,      jira_row.parent > 0 ? std::to_string(jira_row.parent) : "",
          jira_row.description,  jira_row.priority,
          jira_row.story_points, jira_row.estimate_seconds};
      std::vector<std::string> labels = jira_row.labels;
      labels.resize(label_columns);
      cells.insert(cells.end(), labels.begin(), labels.end());
      csv.Row(cells);
    }
  }
  return csv.Take();
}

std::string ExportBacklog(const Backlog& backlog, ExportFormat format) {
  switch (format) {
    case ExportFormat::kJson:
      return ExportJson(backlog);
    case ExportFormat::kYaml:
      return ExportYaml(backlog);
    case ExportFormat::kMarkdown:
      return ExportMarkdown(backlog);
    case ExportFormat::kAzureDevOpsCsv:
      return ExportAzureDevOpsCsv(backlog);
    case ExportFormat::kJiraCsv:
      return ExportJiraCsv(backlog);
  }
  return ExportJson(backlog);
}

}  // namespace backlog
