#pragma once

// Backlog exports: JSON, YAML, Markdown, and CSV files for the Azure DevOps and Jira importers.
//
// CSV (both trackers): RFC 4180 with CRLF line ends, UTF-8 without a byte-order mark, a header
// row, fields quoted when they hold a comma, quote, CR or LF (quotes doubled). Formula-injection
// guard: a cell whose first character is = + - @ TAB or CR gets a leading apostrophe, so a
// spreadsheet opening the file shows text instead of evaluating it (OWASP "CSV injection"). The
// trackers store the apostrophe as part of the text.
//
// Azure DevOps (Boards > Queries > Import work items): columns
//   ID, Work Item Type, Title 1, Title 2, Title 3, Title 4, Description, Acceptance Criteria,
//   Story Points, Original Estimate, Remaining Work, Priority, Tags
// one row per node in tree order: Epic (Title 1), Feature (Title 2), User Story (Title 3), Task
// (Title 4); the importer makes each row a child of the nearest row one level up. ID is empty
// (new items). Description and Acceptance Criteria are HTML (a <p> per line, criteria as a
// <ul>). Story Points on stories; Original Estimate and Remaining Work (hours) on tasks; Priority
// 1/2/3 for High/Medium/Low (empty otherwise, ADO's default is 2); Tags "category; needs-review".
// Test plans, suites and cases are left out: the CSV importer does not accept those types (they
// go through the Test Plans REST API). The importer takes at most 1,000 rows per file.
//
// Jira (CSV import wizard): columns
//   Issue ID, Issue Type, Summary, Parent, Description, Priority, Story Points,
//   Original Estimate, Labels, Labels, ...
// Issue ID numbers rows 1..N; Parent holds the parent row's Issue ID. Jira's default hierarchy is
// Epic > Story > Sub-task with no level between epic and story, so features are not rows: each
// story carries its feature as a label ("feature-<title-slug>") and a "Feature: <title>" line in
// its description, and its Parent is the epic. Tasks are Sub-tasks of their story. Original
// Estimate is in seconds (the importer's unit for time tracking). Labels repeat the column once
// per label (category, feature slug, needs-review), as the importer requires. Test artefacts are
// left out: Jira has no test case type without an add-on.

#include <optional>
#include <string>
#include <string_view>

#include "backlog/model.hpp"

namespace backlog {

enum class ExportFormat { kJson, kYaml, kMarkdown, kAzureDevOpsCsv, kJiraCsv };

// "json", "yaml", "markdown", "ado-csv", "jira-csv"; nullopt for anything else.
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
std::string_view ExportFormatName(ExportFormat format);

// e.g. "text/csv; charset=utf-8".
std::string_view ContentTypeFor(ExportFormat format);
// Without the dot: "json", "yaml", "md", "csv".
std::string_view FileExtensionFor(ExportFormat format);

// ToJson(backlog), indented by two spaces.
std::string ExportJson(const Backlog& backlog);
// The same structure as ExportJson, as a YAML block document. Strings that YAML would read as
// another type ("true", "3", "null", "") are double-quoted.
std::string ExportYaml(const Backlog& backlog);
// A readable document: project header, then a heading per epic, feature and story, acceptance
// criteria as bullets, tasks as a table with estimates, test plans, suites and test cases with
// numbered steps. Item text is written as is (it may contain Markdown); only newlines in headings
// and table cells and "|" in table cells are escaped.
std::string ExportMarkdown(const Backlog& backlog);
std::string ExportAzureDevOpsCsv(const Backlog& backlog);
std::string ExportJiraCsv(const Backlog& backlog);

std::string ExportBacklog(const Backlog& backlog, ExportFormat format);

}  // namespace backlog
