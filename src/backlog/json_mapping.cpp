#include "backlog/json_mapping.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>
#include <vector>

#include "json/bounded_parse.hpp"

namespace backlog {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<NodeKind, std::string_view>, 7> kNodeKindNames = {{
    {NodeKind::kEpic, "epic"},
    {NodeKind::kFeature, "feature"},
    {NodeKind::kStory, "story"},
    {NodeKind::kTask, "task"},
    {NodeKind::kTestPlan, "test_plan"},
    {NodeKind::kTestSuite, "test_suite"},
    {NodeKind::kTestCase, "test_case"},
}};

std::string Describe(std::string_view path) {
  return path.empty() ? std::string("the document") : std::string(path);
}

[[noreturn]] void Fail(std::string_view path, std::string_view what) {
  throw std::invalid_argument(Describe(path) + " " + std::string(what));
}

std::string Indexed(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::int64_t ToInteger(const Json& value, std::string_view path) {
  if (value.is_number_unsigned()) {
    const auto unsigned_value = value.get<std::uint64_t>();
    if (unsigned_value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      Fail(path, "is out of range");
    }
    return static_cast<std::int64_t>(unsigned_value);
  }
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_number_float()) {
    // Integral floats (2.0) are integers written by a lax producer; fractions are not.
    const double number = value.get<double>();
    if (std::isfinite(number) && std::trunc(number) == number && std::fabs(number) < 9.0e15) {
      return static_cast<std::int64_t>(number);
    }
  }
  Fail(path, "must be an integer");
}

// Reads the members of one JSON object, naming each member's path in errors.
class ObjectReader {
 public:
  ObjectReader(const Json& json, std::string_view path) : json_(json), path_(path) {
    if (!json.is_object()) Fail(path_, "must be an object");
  }

  std::string PathOf(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  // The member, or nullptr when it is absent or null.
  const Json* Find(std::string_view key) const {
    const auto it = json_.find(key);
    if (it == json_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  void Read(std::string_view key, std::string& out) const {
    if (const Json* value = Find(key)) {
      if (!value->is_string()) Fail(PathOf(key), "must be a string");
      out = value->get<std::string>();
    }
  }

  void Read(std::string_view key, bool& out) const {
    if (const Json* value = Find(key)) {
      if (!value->is_boolean()) Fail(PathOf(key), "must be a boolean");
      out = value->get<bool>();
    }
  }

  void Read(std::string_view key, double& out) const {
    if (const Json* value = Find(key)) {
      if (!value->is_number()) Fail(PathOf(key), "must be a number");
      out = value->get<double>();
    }
  }

  void Read(std::string_view key, std::int64_t& out) const {
    if (const Json* value = Find(key)) out = ToInteger(*value, PathOf(key));
  }

  void Read(std::string_view key, int& out) const {
    if (const Json* value = Find(key)) {
      const std::string path = PathOf(key);
      const std::int64_t number = ToInteger(*value, path);
      if (number < std::numeric_limits<int>::min() || number > std::numeric_limits<int>::max()) {
        Fail(path, "is out of range");
      }
      out = static_cast<int>(number);
    }
  }

  void Read(std::string_view key, std::vector<std::string>& out) const {
    const Json* value = Find(key);
    if (value == nullptr) return;
    const std::string path = PathOf(key);
    if (!value->is_array()) Fail(path, "must be an array of strings");
    out.clear();
    for (std::size_t i = 0; i < value->size(); ++i) {
      const Json& item = (*value)[i];
      if (!item.is_string()) Fail(Indexed(path, i), "must be a string");
      out.push_back(item.get<std::string>());
    }
  }

  template <typename T, typename Parse>
  void ReadObject(std::string_view key, T& out, Parse parse) const {
    if (const Json* value = Find(key)) out = parse(*value, PathOf(key));
  }

  template <typename T, typename Parse>
  void ReadOptional(std::string_view key, std::optional<T>& out, Parse parse) const {
    if (const Json* value = Find(key)) out = parse(*value, PathOf(key));
  }

  template <typename T, typename Parse>
  void ReadObjects(std::string_view key, std::vector<T>& out, Parse parse) const {
    const Json* value = Find(key);
    if (value == nullptr) return;
    const std::string path = PathOf(key);
    if (!value->is_array()) Fail(path, "must be an array");
    out.clear();
    out.reserve(value->size());
    for (std::size_t i = 0; i < value->size(); ++i) {
      out.push_back(parse((*value)[i], Indexed(path, i)));
    }
  }

 private:
  const Json& json_;
  std::string path_;
};

template <typename T>
Json ArrayOf(const std::vector<T>& items) {
  Json array = Json::array();
  for (const T& item : items) array.push_back(ToJson(item));
  return array;
}

Json TechnicalDetailsToJson(const std::string& text) {
  Json parsed = json::ParseBounded(text).value;
  if (parsed.is_object()) return parsed;
  return Json{{"text", text}};
}

}  // namespace

std::string NodeKindName(NodeKind kind) {
  for (const auto& [candidate, name] : kNodeKindNames) {
    if (candidate == kind) return std::string(name);
  }
  return "unknown";
}

std::optional<NodeKind> ParseNodeKind(std::string_view name) {
  for (const auto& [kind, candidate] : kNodeKindNames) {
    if (candidate == name) return kind;
  }
  return std::nullopt;
}

std::string SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  if (name == "error") return Severity::kError;
  if (name == "warning") return Severity::kWarning;
  return std::nullopt;
}

Json ToJson(const Finding& finding) {
  return {{"rule", finding.rule},
          {"message", finding.message},
          {"severity", SeverityName(finding.severity)}};
}

Json ToJson(const Quality& quality) {
  return {{"score", quality.score},
          {"findings", ArrayOf(quality.findings)},
          {"attempts", quality.attempts},
          {"needs_review", quality.needs_review}};
}

Json ToJson(const TestStep& step) { return {{"action", step.action}, {"expected", step.expected}}; }

Json ToJson(const TestCase& test_case) {
  return {{"id", test_case.id},
          {"title", test_case.title},
          {"description", test_case.description},
          {"type", test_case.type},
          {"priority", test_case.priority},
          {"preconditions", test_case.preconditions},
          {"steps", ArrayOf(test_case.steps)},
          {"test_data", test_case.test_data},
          {"automation_candidate", test_case.automation_candidate},
          {"quality", ToJson(test_case.quality)}};
}

Json ToJson(const TestSuite& suite) {
  return {{"id", suite.id},
          {"name", suite.name},
          {"description", suite.description},
          {"test_categories", suite.test_categories},
          {"test_objectives", suite.test_objectives},
          {"prerequisites", suite.prerequisites},
          {"test_data_requirements", suite.test_data_requirements},
          {"priority", suite.priority},
          {"quality", ToJson(suite.quality)}};
}

Json ToJson(const Risk& risk) {
  return {{"risk", risk.risk}, {"impact", risk.impact}, {"mitigation", risk.mitigation}};
}

Json ToJson(const TestEnvironment& environment) {
  return {{"description", environment.description},
          {"data_requirements", environment.data_requirements},
          {"tools_required", environment.tools_required}};
}

Json ToJson(const TestPlan& plan) {
  return {{"id", plan.id},
          {"name", plan.name},
          {"description", plan.description},
          {"test_approach", plan.test_approach},
          {"test_types", plan.test_types},
          {"entry_criteria", plan.entry_criteria},
          {"exit_criteria", plan.exit_criteria},
          {"test_environment", ToJson(plan.test_environment)},
          {"risks_and_mitigations", ArrayOf(plan.risks_and_mitigations)},
          {"quality", ToJson(plan.quality)}};
}

Json ToJson(const Task& task) {
  Json json = {{"id", task.id},
               {"title", task.title},
               {"description", task.description},
               {"category", task.category},
               {"estimate_hours", task.estimate_hours},
               {"story_points", task.story_points},
               {"complexity", task.complexity},
               {"dependencies", task.dependencies},
               {"acceptance_criteria", task.acceptance_criteria},
               {"quality", ToJson(task.quality)}};
  if (!task.technical_details.empty()) {
    json["technical_details"] = TechnicalDetailsToJson(task.technical_details);
  }
  return json;
}

Json ToJson(const Story& story) {
  Json json = {{"id", story.id},
               {"title", story.title},
               {"user_story", story.user_story},
               {"description", story.description},
               {"acceptance_criteria", story.acceptance_criteria},
               {"story_points", story.story_points},
               {"priority", story.priority},
               {"category", story.category},
               {"user_type", story.user_type},
               {"quality", ToJson(story.quality)},
               {"tasks", ArrayOf(story.tasks)},
               {"test_cases", ArrayOf(story.test_cases)}};
  if (story.test_suite) json["test_suite"] = ToJson(*story.test_suite);
  return json;
}

Json ToJson(const Feature& feature) {
  Json json = {{"id", feature.id},
               {"title", feature.title},
               {"description", feature.description},
               {"priority", feature.priority},
               {"estimated_story_points", feature.estimated_story_points},
               {"dependencies", feature.dependencies},
               {"ui_ux_requirements", feature.ui_ux_requirements},
               {"technical_considerations", feature.technical_considerations},
               {"business_value", feature.business_value},
               {"edge_cases", feature.edge_cases},
               {"category", feature.category},
               {"quality", ToJson(feature.quality)},
               {"stories", ArrayOf(feature.stories)}};
  if (feature.test_plan) json["test_plan"] = ToJson(*feature.test_plan);
  return json;
}

Json ToJson(const Epic& epic) {
  return {{"id", epic.id},
          {"title", epic.title},
          {"description", epic.description},
          {"priority", epic.priority},
          {"estimated_complexity", epic.estimated_complexity},
          {"category", epic.category},
          {"quality", ToJson(epic.quality)},
          {"features", ArrayOf(epic.features)}};
}

Json ToJson(const WorkItemLimits& limits) {
  return {{"max_epics", limits.max_epics},
          {"max_features_per_epic", limits.max_features_per_epic},
          {"max_stories_per_feature", limits.max_stories_per_feature},
          {"max_tasks_per_story", limits.max_tasks_per_story},
          {"max_test_cases_per_story", limits.max_test_cases_per_story}};
}

Json ToJson(const Project& project) {
  return {{"id", project.id},
          {"owner_id", project.owner_id},
          {"name", project.name},
          {"domains", project.domains},
          {"vision", project.vision},
          {"target_users", project.target_users},
          {"limits", ToJson(project.limits)},
          {"include_test_artifacts", project.include_test_artifacts},
          {"created_at", project.created_at},
          {"updated_at", project.updated_at}};
}

Json ToJson(const Backlog& backlog) {
  return {{"project", ToJson(backlog.project)}, {"epics", ArrayOf(backlog.epics)}};
}

Finding FindingFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Finding finding;
  reader.Read("rule", finding.rule);
  reader.Read("message", finding.message);
  std::string severity;
  reader.Read("severity", severity);
  if (reader.Find("severity") != nullptr) {
    const std::optional<Severity> parsed = ParseSeverity(severity);
    if (!parsed) Fail(reader.PathOf("severity"), "must be \"error\" or \"warning\"");
    finding.severity = *parsed;
  }
  return finding;
}

Quality QualityFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Quality quality;
  reader.Read("score", quality.score);
  reader.ReadObjects("findings", quality.findings, FindingFromJson);
  reader.Read("attempts", quality.attempts);
  reader.Read("needs_review", quality.needs_review);
  return quality;
}

TestStep TestStepFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  TestStep step;
  reader.Read("action", step.action);
  reader.Read("expected", step.expected);
  return step;
}

TestCase TestCaseFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  TestCase test_case;
  reader.Read("id", test_case.id);
  reader.Read("title", test_case.title);
  reader.Read("description", test_case.description);
  reader.Read("type", test_case.type);
  reader.Read("priority", test_case.priority);
  reader.Read("preconditions", test_case.preconditions);
  reader.ReadObjects("steps", test_case.steps, TestStepFromJson);
  reader.Read("test_data", test_case.test_data);
  reader.Read("automation_candidate", test_case.automation_candidate);
  reader.ReadObject("quality", test_case.quality, QualityFromJson);
  return test_case;
}

TestSuite TestSuiteFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  TestSuite suite;
  reader.Read("id", suite.id);
  reader.Read("name", suite.name);
  reader.Read("description", suite.description);
  reader.Read("test_categories", suite.test_categories);
  reader.Read("test_objectives", suite.test_objectives);
  reader.Read("prerequisites", suite.prerequisites);
  reader.Read("test_data_requirements", suite.test_data_requirements);
  reader.Read("priority", suite.priority);
  reader.ReadObject("quality", suite.quality, QualityFromJson);
  return suite;
}

Risk RiskFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Risk risk;
  reader.Read("risk", risk.risk);
  reader.Read("impact", risk.impact);
  reader.Read("mitigation", risk.mitigation);
  return risk;
}

TestEnvironment TestEnvironmentFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  TestEnvironment environment;
  reader.Read("description", environment.description);
  reader.Read("data_requirements", environment.data_requirements);
  reader.Read("tools_required", environment.tools_required);
  return environment;
}

TestPlan TestPlanFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  TestPlan plan;
  reader.Read("id", plan.id);
  reader.Read("name", plan.name);
  reader.Read("description", plan.description);
  reader.Read("test_approach", plan.test_approach);
  reader.Read("test_types", plan.test_types);
  reader.Read("entry_criteria", plan.entry_criteria);
  reader.Read("exit_criteria", plan.exit_criteria);
  reader.ReadObject("test_environment", plan.test_environment, TestEnvironmentFromJson);
  reader.ReadObjects("risks_and_mitigations", plan.risks_and_mitigations, RiskFromJson);
  reader.ReadObject("quality", plan.quality, QualityFromJson);
  return plan;
}

Task TaskFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Task task;
  reader.Read("id", task.id);
  reader.Read("title", task.title);
  reader.Read("description", task.description);
  reader.Read("category", task.category);
  reader.Read("estimate_hours", task.estimate_hours);
  reader.Read("story_points", task.story_points);
  reader.Read("complexity", task.complexity);
  reader.Read("dependencies", task.dependencies);
  reader.Read("acceptance_criteria", task.acceptance_criteria);
  if (const Json* details = reader.Find("technical_details")) {
    if (!details->is_object()) Fail(reader.PathOf("technical_details"), "must be an object");
    task.technical_details = details->dump();
  }
  reader.ReadObject("quality", task.quality, QualityFromJson);
  return task;
}

Story StoryFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Story story;
  reader.Read("id", story.id);
  reader.Read("title", story.title);
  reader.Read("user_story", story.user_story);
  reader.Read("description", story.description);
  reader.Read("acceptance_criteria", story.acceptance_criteria);
  reader.Read("story_points", story.story_points);
  reader.Read("priority", story.priority);
  reader.Read("category", story.category);
  reader.Read("user_type", story.user_type);
  reader.ReadObject("quality", story.quality, QualityFromJson);
  reader.ReadObjects("tasks", story.tasks, TaskFromJson);
  reader.ReadOptional("test_suite", story.test_suite, TestSuiteFromJson);
  reader.ReadObjects("test_cases", story.test_cases, TestCaseFromJson);
  return story;
}

Feature FeatureFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Feature feature;
  reader.Read("id", feature.id);
  reader.Read("title", feature.title);
  reader.Read("description", feature.description);
  reader.Read("priority", feature.priority);
  reader.Read("estimated_story_points", feature.estimated_story_points);
  reader.Read("dependencies", feature.dependencies);
  reader.Read("ui_ux_requirements", feature.ui_ux_requirements);
  reader.Read("technical_considerations", feature.technical_considerations);
  reader.Read("business_value", feature.business_value);
  reader.Read("edge_cases", feature.edge_cases);
  reader.Read("category", feature.category);
  reader.ReadObject("quality", feature.quality, QualityFromJson);
  reader.ReadObjects("stories", feature.stories, StoryFromJson);
  reader.ReadOptional("test_plan", feature.test_plan, TestPlanFromJson);
  return feature;
}

Epic EpicFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Epic epic;
  reader.Read("id", epic.id);
  reader.Read("title", epic.title);
  reader.Read("description", epic.description);
  reader.Read("priority", epic.priority);
  reader.Read("estimated_complexity", epic.estimated_complexity);
  reader.Read("category", epic.category);
  reader.ReadObject("quality", epic.quality, QualityFromJson);
  reader.ReadObjects("features", epic.features, FeatureFromJson);
  return epic;
}

WorkItemLimits WorkItemLimitsFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  WorkItemLimits limits;
  reader.Read("max_epics", limits.max_epics);
  reader.Read("max_features_per_epic", limits.max_features_per_epic);
  reader.Read("max_stories_per_feature", limits.max_stories_per_feature);
  reader.Read("max_tasks_per_story", limits.max_tasks_per_story);
  reader.Read("max_test_cases_per_story", limits.max_test_cases_per_story);
  return limits;
}

Project ProjectFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Project project;
  reader.Read("id", project.id);
  reader.Read("owner_id", project.owner_id);
  reader.Read("name", project.name);
  reader.Read("domains", project.domains);
  reader.Read("vision", project.vision);
  reader.Read("target_users", project.target_users);
  reader.ReadObject("limits", project.limits, WorkItemLimitsFromJson);
  reader.Read("include_test_artifacts", project.include_test_artifacts);
  reader.Read("created_at", project.created_at);
  reader.Read("updated_at", project.updated_at);
  return project;
}

Backlog BacklogFromJson(const Json& json, std::string_view path) {
  const ObjectReader reader(json, path);
  Backlog backlog;
  reader.ReadObject("project", backlog.project, ProjectFromJson);
  reader.ReadObjects("epics", backlog.epics, EpicFromJson);
  return backlog;
}

}  // namespace backlog
