#pragma once

// What the upload needs to know about an Azure DevOps project before it writes: that the PAT
// and the project work (in words a person can act on when they do not), the process's work item
// types and their fields (read from the project, so inherited processes map too), whether Test
// Plans is available, and the area and iteration paths.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tracker/ado_client.hpp"
#include "tracker/work_item.hpp"

namespace tracker {

// The work item type each backlog level becomes.
struct ProcessMap {
  std::string process;  // the process template's name, e.g. "Agile", "Scrum", "My Agile"
  WorkItemType epic;
  WorkItemType feature;      // Basic has none: features become its epic type
  WorkItemType requirement;  // Microsoft.RequirementCategory's default type
  WorkItemType task;
  WorkItemType test_case;          // name empty when the project has no Test Case type
  std::string estimate_field;      // the requirement's StoryPoints, Effort or Size
  std::vector<std::string> notes;  // how this process's levels were mapped, for people

  // The type for a node kind ("epic" … "test_case"), or null (plans and suites are not work
  // items here; a test case when the project has no such type).
  const WorkItemType* For(std::string_view node_kind) const;
};

struct ConnectionCheck {
  bool ok = false;
  // When not ok: bad_pat, unknown_organization, unknown_project, no_permission, unreachable,
  // unexpected; and a message saying what to do.
  std::string problem;
  std::string message;

  std::string project_id;
  std::string project_name;
  std::optional<ProcessMap> process;
  bool test_plans = false;                   // Test Plans API usable with this PAT
  std::vector<std::string> area_paths;       // "Project\\Area A\\B", as work items take them
  std::vector<std::string> iteration_paths;  // "Project\\Sprint 1"
  std::vector<std::string> warnings;
};

// Reads the project, its process, the types' fields, Test Plans access and the paths.
ConnectionCheck CheckConnection(AdoClient& client);

// Makes sure an area (`group` "Areas") or iteration ("Iterations") path exists, creating the
// missing levels; `path` as work items take it ("Project\\A\\B", or "A\\B" under the project).
// False with `error` set when it cannot.
bool EnsureClassificationPath(AdoClient& client, std::string_view group, std::string_view path,
                              std::string& error);

// Whether `path` is the project itself or one of `known` (case-insensitively).
bool KnownPath(const std::vector<std::string>& known, std::string_view project,
               std::string_view path);

}  // namespace tracker
