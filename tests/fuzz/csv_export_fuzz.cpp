// The CSV exports round trip: a backlog read from JSON (as stored and as the API returns it) is
// exported for Azure DevOps and for Jira, read back by the strict RFC 4180 reader the tests use,
// and every row, title and field must come back as backlog/export.hpp describes it. The JSON
// mapping must also round trip (struct -> JSON -> struct -> JSON).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "backlog/export.hpp"
#include "backlog/json_mapping.hpp"
#include "backlog/model.hpp"
#include "fuzz/fuzz_check.hpp"
#include "json/bounded_parse.hpp"
#include "support/strict_csv.hpp"

namespace {

using backlog::Backlog;
using backlog::Epic;
using backlog::Feature;
using backlog::Quality;
using backlog::Story;
using backlog::Task;
using testing_support::CsvRow;
using Json = nlohmann::json;

// ---- What export.hpp promises (and where it is silent, what export.cpp chose), restated ----

// The formula-injection guard: a leading apostrophe before = + - @ TAB or CR.
std::string Guarded(std::string text) {
  if (!text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos) {
    text.insert(text.begin(), '\'');
  }
  return text;
}

// Blank as the backlog's text rules define it: spaces, tabs, line ends and form feeds only.
bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n\f") == std::string_view::npos;
}

// Titles and list items are one line: CR dropped, LF as a space, no trailing spaces.
std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c != '\r') out += c == '\n' ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// The non-blank lines of a text, each without its CR: one <p> each in Azure DevOps.
std::vector<std::string> Paragraphs(std::string_view text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!IsBlank(line)) lines.emplace_back(line);
    start = end + 1;
  }
  return lines;
}

// The story text of both trackers: the user story first unless the description repeats it.
std::string StoryText(const Story& story) {
  if (IsBlank(story.user_story) || story.description.find(story.user_story) != std::string::npos) {
    return story.description;
  }
  if (IsBlank(story.description)) return story.user_story;
  return story.user_story + "\n\n" + story.description;
}

std::string Points(int points) { return points > 0 ? std::to_string(points) : std::string(); }

std::string CanonicalPriority(std::string_view priority) {
  std::string lower;
  for (const char c : priority) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  if (lower == "high") return "High";
  if (lower == "medium") return "Medium";
  if (lower == "low") return "Low";
  return {};
}

std::string AdoPriority(std::string_view priority) {
  const std::string canonical = CanonicalPriority(priority);
  if (canonical == "High") return "1";
  if (canonical == "Medium") return "2";
  if (canonical == "Low") return "3";
  return {};
}

// Whether a Jira label (lowercase letters, digits and non-ASCII bytes, runs of anything else as
// one '-') comes out of this text.
bool HasSlug(std::string_view text) {
  for (const char c : text) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (letter || (c >= '0' && c <= '9') || static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

// ---- Reading the cells back -----------------------------------------------------------------

std::string UnescapeHtml(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    for (const auto& [entity, character] : {std::pair<std::string_view, char>{"&amp;", '&'},
                                            {"&lt;", '<'},
                                            {"&gt;", '>'},
                                            {"&quot;", '"'}}) {
      if (text.substr(i, entity.size()) == entity) {
        out += character;
        i += entity.size() - 1;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

// Escaped item text: no markup of its own can reach the tracker.
void RequireEscaped(std::string_view text) {
  fuzz::Require(text.find_first_of("<>\"") == std::string_view::npos,
                "item text in Azure DevOps HTML is escaped");
}

// "<open>A</close><open>B</close>" -> {A, B}, unescaped.
std::vector<std::string> HtmlElements(std::string_view html, std::string_view open,
                                      std::string_view close) {
  std::vector<std::string> elements;
  while (!html.empty()) {
    fuzz::Require(html.starts_with(open), "HTML cells are a sequence of elements");
    html.remove_prefix(open.size());
    const auto end = html.find(close);
    fuzz::Require(end != std::string_view::npos, "every HTML element is closed");
    elements.push_back(std::string(html.substr(0, end)));
    html.remove_prefix(end + close.size());
  }
  return elements;
}

std::vector<std::string> HtmlParagraphs(std::string_view cell, bool business_value) {
  std::vector<std::string> paragraphs = HtmlElements(cell, "<p>", "</p>");
  for (std::size_t i = 0; i < paragraphs.size(); ++i) {
    std::string_view text = paragraphs[i];
    constexpr std::string_view kBusinessValue = "<b>Business value:</b> ";
    if (business_value && i + 1 == paragraphs.size() && text.starts_with(kBusinessValue)) {
      text.remove_prefix(kBusinessValue.size());
    }
    RequireEscaped(text);
    paragraphs[i] = UnescapeHtml(text);
  }
  return paragraphs;
}

double ReadHours(const std::string& cell) {
  double hours = 0;
  const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), hours);
  fuzz::Require(error == std::errc() && end == cell.data() + cell.size(), "hours are a number");
  return hours;
}

// ---- Azure DevOps -------------------------------------------------------------------------

class AdoCheck {
 public:
  explicit AdoCheck(const std::vector<CsvRow>& rows) : rows_(rows) {
    fuzz::Require(
        !rows.empty() &&
            rows[0] == CsvRow({"ID", "Work Item Type", "Title 1", "Title 2", "Title 3", "Title 4",
                               "Description", "Acceptance Criteria", "Story Points",
                               "Original Estimate", "Remaining Work", "Priority", "Tags"}),
        "the Azure DevOps header");
  }

  void Run(const Backlog& backlog) {
    for (const Epic& epic : backlog.epics) {
      const CsvRow& row = Next("Epic", 0, epic.title, epic.category, epic.quality);
      Require(HtmlParagraphs(row[6], false) == Paragraphs(epic.description), "epic description");
      Require(AdoPriority(epic.priority) == row[11], "epic priority");
      Require(row[7].empty() && row[8].empty() && row[9].empty(), "epic has no story fields");
      for (const Feature& feature : epic.features) CheckFeature(feature);
    }
    Require(next_ == rows_.size(), "one row per epic, feature, story and task, nothing else");
  }

 private:
  static void Require(bool holds, std::string_view what) {
    fuzz::Require(holds, std::string("Azure DevOps CSV: ") + std::string(what));
  }

  void CheckFeature(const Feature& feature) {
    const CsvRow& row = Next("Feature", 1, feature.title, feature.category, feature.quality);
    std::vector<std::string> expected = Paragraphs(feature.description);
    if (!IsBlank(feature.business_value)) expected.push_back(OneLine(feature.business_value));
    Require(HtmlParagraphs(row[6], !IsBlank(feature.business_value)) == expected,
            "feature description and business value");
    Require(AdoPriority(feature.priority) == row[11], "feature priority");
    for (const Story& story : feature.stories) CheckStory(story);
  }

  void CheckStory(const Story& story) {
    const CsvRow& row = Next("User Story", 2, story.title, story.category, story.quality);
    Require(HtmlParagraphs(row[6], false) == Paragraphs(StoryText(story)), "story description");
    std::vector<std::string> criteria;
    if (!row[7].empty()) {
      const std::string_view list(row[7]);
      Require(list.starts_with("<ul>") && list.ends_with("</ul>"), "criteria are a list");
      for (std::string item : HtmlElements(list.substr(4, list.size() - 9), "<li>", "</li>")) {
        RequireEscaped(item);
        criteria.push_back(UnescapeHtml(item));
      }
    }
    std::vector<std::string> expected;
    for (const std::string& criterion : story.acceptance_criteria) {
      expected.push_back(OneLine(criterion));
    }
    Require(criteria == expected, "every acceptance criterion, in order");
    Require(row[8] == Points(story.story_points), "story points");
    Require(AdoPriority(story.priority) == row[11], "story priority");
    for (const Task& task : story.tasks) {
      const CsvRow& task_row = Next("Task", 3, task.title, task.category, task.quality);
      Require(HtmlParagraphs(task_row[6], false) == Paragraphs(task.description),
              "task description");
      Require(task_row[9] == task_row[10], "remaining work is the estimate");
      if (task.estimate_hours > 0) {
        Require(ReadHours(task_row[9]) == task.estimate_hours, "the estimate reads back exactly");
      } else {
        Require(task_row[9].empty(), "no estimate without hours");
      }
      Require(task_row[8].empty() && task_row[11].empty(), "a task has no points or priority");
    }
  }

  // The next row, checked for what every row has: its type, its title at its level and only
  // there, and its tags.
  const CsvRow& Next(std::string_view type, std::size_t level, const std::string& title,
                     const std::string& category, const Quality& quality) {
    Require(next_ < rows_.size(), "a row for every item");
    const CsvRow& row = rows_[next_++];
    Require(row.size() == rows_[0].size(), "every row has every column");
    Require(row[0].empty() && row[1] == type, "rows in tree order with their type");
    for (std::size_t i = 0; i < 4; ++i) {
      Require(row[2 + i] == (i == level ? Guarded(OneLine(title)) : std::string()),
              "the title, at its level only");
    }
    std::string tags = category;
    if (quality.needs_review) tags += tags.empty() ? "needs-review" : "; needs-review";
    Require(row[12] == Guarded(tags), "tags: the category and needs-review");
    return row;
  }

  const std::vector<CsvRow>& rows_;
  std::size_t next_ = 1;
};

// ---- Jira -----------------------------------------------------------------------------------

struct JiraExpected {
  std::string type;
  std::string summary;
  std::string parent;
  std::string description;
  std::string priority;
  std::string points;
  double hours = 0;
  std::size_t labels = 0;  // how many
  bool feature_label = false;
  bool needs_review = false;
};

std::size_t LabelCount(const std::string& category, const Quality& quality) {
  return (HasSlug(category) ? 1 : 0) + (quality.needs_review ? 1 : 0);
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

std::vector<JiraExpected> JiraRows(const Backlog& backlog) {
  std::vector<JiraExpected> epics;
  std::vector<JiraExpected> stories;
  std::vector<JiraExpected> subtasks;
  std::vector<std::size_t> parent_story;
  for (std::size_t e = 0; e < backlog.epics.size(); ++e) {
    const Epic& epic = backlog.epics[e];
    epics.push_back({"Epic", OneLine(epic.title), "", epic.description,
                     CanonicalPriority(epic.priority), "", 0,
                     LabelCount(epic.category, epic.quality), false, epic.quality.needs_review});
    for (const Feature& feature : epic.features) {
      for (const Story& story : feature.stories) {
        const bool feature_label = HasSlug(feature.title);
        stories.push_back({"Story", OneLine(story.title), std::to_string(e + 1),
                           JiraStoryDescription(story, feature), CanonicalPriority(story.priority),
                           Points(story.story_points), 0,
                           LabelCount(story.category, story.quality) + (feature_label ? 1 : 0),
                           feature_label, story.quality.needs_review});
        for (const Task& task : story.tasks) {
          subtasks.push_back({"Sub-task", OneLine(task.title), "", task.description, "", "",
                              task.estimate_hours, LabelCount(task.category, task.quality), false,
                              task.quality.needs_review});
          parent_story.push_back(stories.size());
        }
      }
    }
  }
  for (std::size_t i = 0; i < subtasks.size(); ++i) {
    subtasks[i].parent = std::to_string(epics.size() + parent_story[i]);
  }
  std::vector<JiraExpected> rows = std::move(epics);
  rows.insert(rows.end(), stories.begin(), stories.end());
  rows.insert(rows.end(), subtasks.begin(), subtasks.end());
  return rows;
}

void JiraRequire(bool holds, std::string_view what) {
  fuzz::Require(holds, std::string("Jira CSV: ") + std::string(what));
}

bool IsLabel(std::string_view label) {
  if (label.empty() || label.front() == '-' || label.back() == '-') return false;
  if (label.find("--") != std::string_view::npos) return false;
  for (const char c : label) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                         static_cast<unsigned char>(c) >= 0x80;
    if (!allowed) return false;
  }
  return true;
}

void CheckJira(const std::vector<CsvRow>& rows, const Backlog& backlog) {
  const std::vector<JiraExpected> expected = JiraRows(backlog);
  JiraRequire(rows.size() == expected.size() + 1, "epics, stories and sub-tasks, one row each");
  std::size_t label_columns = 1;
  for (const JiraExpected& row : expected) label_columns = std::max(label_columns, row.labels);
  CsvRow header = {"Issue ID",    "Issue Type", "Summary",      "Parent",
                   "Description", "Priority",   "Story Points", "Original Estimate"};
  header.insert(header.end(), label_columns, "Labels");
  JiraRequire(rows[0] == header, "the header, with a Labels column per label");
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const CsvRow& row = rows[i + 1];
    const JiraExpected& want = expected[i];
    JiraRequire(row.size() == header.size(), "every row has every column");
    JiraRequire(row[0] == std::to_string(i + 1), "issue ids count rows");
    JiraRequire(row[1] == want.type, "epics, then stories, then sub-tasks");
    JiraRequire(row[2] == Guarded(want.summary), "the summary is the title");
    JiraRequire(row[3] == want.parent, "the parent's issue id");
    JiraRequire(row[4] == Guarded(want.description), "the description");
    JiraRequire(row[5] == want.priority, "the priority");
    JiraRequire(row[6] == want.points, "story points");
    if (want.hours > 0 && want.hours * 3600 >= 9.2e18) {
      JiraRequire(row[7].empty(), "no estimate past a 64-bit count of seconds");
    } else if (want.hours > 0) {
      long long seconds = -1;
      const std::string& cell = row[7];
      const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), seconds);
      JiraRequire(error == std::errc() && end == cell.data() + cell.size() && seconds >= 0,
                  "the estimate is a whole number of seconds");
      JiraRequire(std::fabs(static_cast<double>(seconds) - want.hours * 3600) <= 0.5,
                  "the estimate is the hours in seconds");
    } else {
      JiraRequire(row[7].empty(), "no estimate without hours");
    }
    for (std::size_t l = 0; l < label_columns; ++l) {
      const std::string& label = row[8 + l];
      JiraRequire(l < want.labels ? IsLabel(label) : label.empty(), "labels, then empty cells");
    }
    if (want.feature_label) {
      const std::size_t at = want.labels - 1 - (want.needs_review ? 1 : 0);
      JiraRequire(row[8 + at].starts_with("feature-"), "a story is labelled with its feature");
    }
    if (want.needs_review) {
      JiraRequire(row[8 + want.labels - 1] == "needs-review", "needs-review is the last label");
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // Parsed as the service parses JSON from outside, with its nesting limit.
  const json::ParseResult parsed =
      json::ParseBounded(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!parsed.ok()) return 0;
  const Json& document = parsed.value;
  Backlog backlog;
  try {
    backlog = backlog::BacklogFromJson(document);
  } catch (const std::invalid_argument&) {
    return 0;  // not a backlog: refused with the path of the bad field
  }
  const Json mapped = backlog::ToJson(backlog);
  fuzz::Require(backlog::ToJson(backlog::BacklogFromJson(mapped)) == mapped,
                "struct -> JSON -> struct -> JSON is lossless");

  const testing_support::StrictCsv ado =
      testing_support::ReadStrictCsv(backlog::ExportAzureDevOpsCsv(backlog));
  fuzz::Require(ado.problem.empty(), "the Azure DevOps CSV is strict RFC 4180");
  AdoCheck(ado.rows).Run(backlog);

  const testing_support::StrictCsv jira =
      testing_support::ReadStrictCsv(backlog::ExportJiraCsv(backlog));
  fuzz::Require(jira.problem.empty(), "the Jira CSV is strict RFC 4180");
  CheckJira(jira.rows, backlog);
  return 0;
}
