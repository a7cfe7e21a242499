// The Markdown export: a readable document of the whole backlog.

#include <utility>
#include <vector>

#include "backlog/domains.hpp"
#include "backlog/export.hpp"
#include "backlog/export_text.hpp"
#include "backlog/text.hpp"

namespace backlog {
namespace {

using internal::FormatNumber;
using internal::OneLine;
using internal::Points;
using text::IsBlank;

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

}  // namespace

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

}  // namespace backlog
