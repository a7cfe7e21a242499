// The Azure DevOps CSV export (Boards > Queries > Import work items); the columns and rules are in
// export.hpp.

#include <utility>
#include <vector>

#include "backlog/export.hpp"
#include "backlog/export_text.hpp"
#include "backlog/text.hpp"
#include "backlog/tracker_text.hpp"

namespace backlog {
namespace {

using internal::CsvWriter;
using internal::FormatNumber;
using internal::OneLine;
using internal::Points;
using text::IsBlank;

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
        TrackerPriority(epic.priority), Tags(epic.category, epic.quality));
    for (const Feature& feature : epic.features) {
      std::string description = HtmlParagraphs(feature.description);
      if (!IsBlank(feature.business_value)) {
        description +=
            "<p><b>Business value:</b> " + EscapeHtml(OneLine(feature.business_value)) + "</p>";
      }
      row("Feature", titles(1, feature.title), std::move(description), "", "", "",
          TrackerPriority(feature.priority), Tags(feature.category, feature.quality));
      for (const Story& story : feature.stories) {
        row("User Story", titles(2, story.title), HtmlParagraphs(StoryText(story)),
            HtmlList(story.acceptance_criteria), Points(story.story_points), "",
            TrackerPriority(story.priority), Tags(story.category, story.quality));
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
