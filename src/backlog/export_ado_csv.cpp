// The Azure DevOps CSV export (Boards > Queries > Import work items); the columns and rules are in
// export.hpp.

#include <utility>
#include <vector>

#include "backlog/export.hpp"
#include "backlog/export_text.hpp"
#include "backlog/text.hpp"

namespace backlog {
namespace {

using internal::CsvWriter;
using internal::FormatNumber;
using internal::OneLine;
using internal::Points;
using internal::StoryText;
using text::IsBlank;
using text::ToLower;

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

}  // namespace

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

}  // namespace backlog
