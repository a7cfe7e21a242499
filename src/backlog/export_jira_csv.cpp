// The Jira CSV export (the CSV import wizard); the columns and rules are in export.hpp.

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "backlog/export.hpp"
#include "backlog/export_text.hpp"
#include "backlog/text.hpp"
#include "backlog/tracker_text.hpp"

namespace backlog {
namespace {

using internal::CsvWriter;
using internal::OneLine;
using internal::Points;
using text::IsBlank;
using text::Lower;
using text::ToLower;

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

}  // namespace backlog
