#pragma once

// JSON form of the backlog model. Keys are the struct field names (snake_case); enums are
// strings ("error", "epic"). The tree nests as in the structs:
// epics[].features[].stories[].tasks[].
//
// Reading is strict about types and tolerant about presence:
// - a field of the wrong type throws std::invalid_argument naming its path, e.g.
//   "epics[1].features[0].stories[2].story_points must be an integer";
// - a missing field, or null, keeps the struct's default; unknown keys are ignored;
// - integers must be JSON integers (2.0 is accepted, 2.5 is not) and fit the field.
//
// technical_details is JSON text in Task and a JSON object here. ToJson writes the parsed
// object (nothing when the text is empty; text that is not an object is kept as {"text": ...});
// FromJson stores the object's compact dump, so JSON -> struct -> JSON is lossless, and so is
// struct -> JSON -> struct whenever the text is in that compact form.
//
// `path` in the FromJson functions is the location of the value inside a larger document, used
// only in error messages ("" for a top-level value).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "backlog/model.hpp"

namespace backlog {

// "epic", "feature", "story", "task", "test_plan", "test_suite", "test_case".
std::string NodeKindName(NodeKind kind);
std::optional<NodeKind> ParseNodeKind(std::string_view name);

// "error", "warning".
std::string SeverityName(Severity severity);
std::optional<Severity> ParseSeverity(std::string_view name);

nlohmann::json ToJson(const Finding& finding);
nlohmann::json ToJson(const Quality& quality);
nlohmann::json ToJson(const TestStep& step);
nlohmann::json ToJson(const TestCase& test_case);
nlohmann::json ToJson(const TestSuite& suite);
nlohmann::json ToJson(const Risk& risk);
nlohmann::json ToJson(const TestEnvironment& environment);
nlohmann::json ToJson(const TestPlan& plan);
nlohmann::json ToJson(const Task& task);
nlohmann::json ToJson(const Story& story);
nlohmann::json ToJson(const Feature& feature);
nlohmann::json ToJson(const Epic& epic);
nlohmann::json ToJson(const WorkItemLimits& limits);
nlohmann::json ToJson(const Project& project);
nlohmann::json ToJson(const Backlog& backlog);

Finding FindingFromJson(const nlohmann::json& json, std::string_view path = "");
Quality QualityFromJson(const nlohmann::json& json, std::string_view path = "");
TestStep TestStepFromJson(const nlohmann::json& json, std::string_view path = "");
TestCase TestCaseFromJson(const nlohmann::json& json, std::string_view path = "");
TestSuite TestSuiteFromJson(const nlohmann::json& json, std::string_view path = "");
Risk RiskFromJson(const nlohmann::json& json, std::string_view path = "");
TestEnvironment TestEnvironmentFromJson(const nlohmann::json& json, std::string_view path = "");
TestPlan TestPlanFromJson(const nlohmann::json& json, std::string_view path = "");
Task TaskFromJson(const nlohmann::json& json, std::string_view path = "");
Story StoryFromJson(const nlohmann::json& json, std::string_view path = "");
Feature FeatureFromJson(const nlohmann::json& json, std::string_view path = "");
Epic EpicFromJson(const nlohmann::json& json, std::string_view path = "");
WorkItemLimits WorkItemLimitsFromJson(const nlohmann::json& json, std::string_view path = "");
Project ProjectFromJson(const nlohmann::json& json, std::string_view path = "");
Backlog BacklogFromJson(const nlohmann::json& json, std::string_view path = "");

}  // namespace backlog
