#include "tracker/ado_project.hpp"

#include <algorithm>
#include <utility>

#include "backlog/text.hpp"

namespace tracker {
namespace {

using backlog::text::ToLower;

ConnectionCheck Problem(std::string problem, std::string message) {
  ConnectionCheck check;
  check.problem = std::move(problem);
  check.message = std::move(message);
  return check;
}

// What a refused or failed answer means for the person setting up the connection.
ConnectionCheck ProblemOf(const AdoReply& reply, const AdoConnection& connection) {
  switch (reply.outcome) {
    case AdoReply::Outcome::kUnauthorized:
      return Problem("bad_pat",
                     "Azure DevOps refused the personal access token: it is wrong, expired or "
                     "revoked. Create a new one with the Work Items (Read & write) and Test "
                     "Management (Read & write) scopes.");
    case AdoReply::Outcome::kUncertain:
      return Problem("unreachable",
                     "Could not reach Azure DevOps at the organization URL: " + reply.message +
                         ". Check the URL (https://dev.azure.com/your-organization).");
    case AdoReply::Outcome::kCancelled:
      return Problem("unreachable", "The check was cancelled.");
    default:
      break;
  }
  if (reply.status == 403) {
    return Problem("no_permission",
                   "The token's user may not read project \"" + connection.project +
                       "\". Ask a project administrator to add the user, or widen the token's "
                       "scopes. (" +
                       reply.message + ")");
  }
  if (reply.status == 404) {
    if (reply.type_key.find("Project") != std::string::npos ||
        reply.message.find("TF200016") != std::string::npos) {
      return Problem("unknown_project",
                     "There is no project \"" + connection.project +
                         "\" in this organization that the token's user can see. Check the "
                         "project's name.");
    }
    return Problem("unknown_organization",
                   "There is no Azure DevOps organization at this URL. Check the organization "
                   "URL (https://dev.azure.com/your-organization).");
  }
  return Problem("unexpected", "Azure DevOps refused the check: " + reply.message);
}

std::optional<WorkItemType> ReadType(AdoClient& client, const std::string& name,
                                     AdoReply& failure) {
  const AdoReply reply = client.Get(client.ProjectPath() + "/_apis/wit/workitemtypes/" +
                                    EncodeComponent(name) + "/fields");
  if (!reply.ok()) {
    failure = reply;
    return std::nullopt;
  }
  WorkItemType type;
  type.name = name;
  for (const auto& field : reply.body.value("value", nlohmann::json::array())) {
    if (field.is_object()) type.fields.insert(field.value("referenceName", ""));
  }
  return type;
}

void CollectPaths(const nlohmann::json& node, const std::string& prefix,
                  std::vector<std::string>& paths) {
  if (!node.is_object()) return;
  const std::string path =
      prefix.empty() ? node.value("name", "") : prefix + "\\" + node.value("name", "");
  paths.push_back(path);
  for (const auto& child : node.value("children", nlohmann::json::array())) {
    CollectPaths(child, path, paths);
  }
}

std::vector<std::string> Paths(AdoClient& client, std::string_view group) {
  std::vector<std::string> paths;
  const AdoReply reply = client.Get(client.ProjectPath() + "/_apis/wit/classificationnodes/" +
                                    std::string(group) + "?%24depth=10");
  if (reply.ok()) CollectPaths(reply.body, "", paths);
  return paths;
}

std::string Lower(std::string_view text) { return ToLower(text); }

// Splits "A\\B" into its non-empty parts.
std::vector<std::string> PathParts(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('\\', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

const WorkItemType* ProcessMap::For(std::string_view node_kind) const {
  if (node_kind == "epic") return &epic;
  if (node_kind == "feature") return &feature;
  if (node_kind == "story") return &requirement;
  if (node_kind == "task") return &task;
  if (node_kind == "test_case") return test_case.name.empty() ? nullptr : &test_case;
  return nullptr;
}

bool KnownPath(const std::vector<std::string>& known, std::string_view project,
               std::string_view path) {
  const std::string wanted = Lower(path);
  if (wanted == Lower(project)) return true;
  return std::any_of(known.begin(), known.end(),
                     [&](const std::string& candidate) { return Lower(candidate) == wanted; });
}

ConnectionCheck CheckConnection(AdoClient& client) {
  const AdoConnection& connection = client.connection();
  AdoReply reply = client.Get("/_apis/projects/" + EncodeComponent(connection.project) +
                              "?includeCapabilities=true");
  if (!reply.ok()) return ProblemOf(reply, connection);

  ConnectionCheck check;
  check.project_id = reply.body.value("id", "");
  check.project_name = reply.body.value("name", connection.project);
  ProcessMap map;
  if (const auto capabilities = reply.body.find("capabilities");
      capabilities != reply.body.end() && capabilities->is_object()) {
    map.process =
        capabilities->value("processTemplate", nlohmann::json::object()).value("templateName", "");
  }

  reply = client.Get(client.ProjectPath() +
                     "/_apis/wit/workitemtypecategories/Microsoft.RequirementCategory");
  if (!reply.ok()) return ProblemOf(reply, connection);
  const std::string requirement =
      reply.body.value("defaultWorkItemType", nlohmann::json::object()).value("name", "");

  reply = client.Get(client.ProjectPath() + "/_apis/wit/workitemtypes");
  if (!reply.ok()) return ProblemOf(reply, connection);
  std::vector<std::string> type_names;
  for (const auto& type : reply.body.value("value", nlohmann::json::array())) {
    if (type.is_object() && !type.value("isDisabled", false)) {
      type_names.push_back(type.value("name", ""));
    }
  }
  const auto has_type = [&](std::string_view name) {
    return std::find(type_names.begin(), type_names.end(), name) != type_names.end();
  };
  if (requirement.empty() || !has_type("Epic") || !has_type("Task")) {
    return Problem("unexpected",
                   "The project's process has no Epic, Task or requirement type, so the backlog "
                   "has nowhere to go.");
  }
  const std::string feature = has_type("Feature") ? "Feature" : "Epic";
  if (feature != "Feature") {
    map.notes.push_back("The process has no Feature type: features are created as Epics.");
  }

  AdoReply failure;
  const auto epic_type = ReadType(client, "Epic", failure);
  const auto feature_type = ReadType(client, feature, failure);
  const auto requirement_type = ReadType(client, requirement, failure);
  const auto task_type = ReadType(client, "Task", failure);
  if (!epic_type || !feature_type || !requirement_type || !task_type) {
    return ProblemOf(failure, connection);
  }
  map.epic = *epic_type;
  map.feature = *feature_type;
  map.requirement = *requirement_type;
  map.task = *task_type;
  if (has_type("Test Case")) {
    if (auto test_case = ReadType(client, "Test Case", failure)) map.test_case = *test_case;
  } else {
    check.warnings.push_back(
        "The project has no Test Case type: test cases, plans and suites are skipped.");
  }
  for (const std::string_view estimate : {field::kStoryPoints, field::kEffort, field::kSize}) {
    if (map.requirement.Has(estimate)) {
      map.estimate_field = std::string(estimate);
      break;
    }
  }
  map.notes.push_back(
      "Stories are created as " + requirement +
      (map.estimate_field.empty() ? "." : " with " + map.estimate_field + " as their estimate."));
  if (!map.task.Has(field::kOriginalEstimate)) {
    map.notes.push_back(
        "Tasks carry their hours as Remaining Work (the process has no Original "
        "Estimate).");
  }

  reply = client.Get(client.ProjectPath() + "/_apis/testplan/plans");
  check.test_plans = reply.ok();
  if (!check.test_plans && !map.test_case.name.empty()) {
    check.warnings.push_back(
        "The token's user cannot use Test Plans (it needs Basic + Test Plans access): test cases "
        "are created, but test plans and suites are skipped.");
  }
  check.area_paths = Paths(client, "Areas");
  check.iteration_paths = Paths(client, "Iterations");
  check.process = std::move(map);
  check.ok = true;
  return check;
}

bool EnsureClassificationPath(AdoClient& client, std::string_view group, std::string_view path,
                              std::string& error) {
  std::vector<std::string> parts = PathParts(path);
  if (!parts.empty() && Lower(parts.front()) == Lower(client.connection().project)) {
    parts.erase(parts.begin());
  }
  std::string parent;  // relative to the root, '/'-separated and encoded
  for (const std::string& part : parts) {
    const std::string node =
        parent.empty() ? EncodeComponent(part) : parent + "/" + EncodeComponent(part);
    const std::string base =
        client.ProjectPath() + "/_apis/wit/classificationnodes/" + std::string(group);
    AdoReply reply = client.Get(base + "/" + node);
    if (reply.status == 404) {
      reply = client.Send("POST", parent.empty() ? base : base + "/" + parent,
                          nlohmann::json{{"name", part}}, AdoClient::Effect::kWrite);
      // Made by someone else in the meantime: fine.
      if (!reply.ok() && reply.status != 409) {
        error = "could not create \"" + part + "\": " + reply.message;
        return false;
      }
    } else if (!reply.ok()) {
      error = "could not read \"" + part + "\": " + reply.message;
      return false;
    }
    parent = node;
  }
  return true;
}

}  // namespace tracker
