#include "agents/test_plan_agent.hpp"

#include <utility>

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "qa_test_plan";

Json PlanSchema() {
  return schema::Object({
      {"name", schema::String()},
      {"description", schema::String()},
      {"test_approach", schema::String("How the feature will be tested, in a few sentences")},
      {"test_types",
       schema::Array(
           schema::StringEnum({"functional", "integration", "regression", "performance", "security",
                               "usability", "accessibility", "compatibility", "data_validation"}),
           1, 6)},
      {"entry_criteria", schema::StringArray(1, 6)},
      {"exit_criteria", schema::StringArray(1, 6)},
      {"test_environment", schema::Object({
                               {"description", schema::String()},
                               {"data_requirements", schema::StringArray(0, 6)},
                               {"tools_required", schema::StringArray(0, 6)},
                           })},
      {"risks_and_mitigations",
       schema::Array(schema::Object({
                         {"risk", schema::String()},
                         {"impact", schema::StringEnum(schema::Priorities())},
                         {"mitigation", schema::String()},
                     }),
                     1, 5)},
  });
}

PromptVariables FeatureVariables(const ProjectContext& context, const backlog::Feature& feature) {
  PromptVariables variables = internal::ProjectVariables(context);
  variables["feature"] = internal::DescribeFeature(feature);
  variables["stories"] = internal::DescribeStories(feature.stories);
  return variables;
}

}  // namespace

backlog::TestPlan TestPlanAgent::Generate(const ProjectContext& context,
                                          const backlog::Feature& feature,
                                          const CallContext& call) {
  PromptVariables variables = FeatureVariables(context, feature);
  internal::AddNoFindings(variables);
  return Produce(std::move(variables), call);
}

backlog::TestPlan TestPlanAgent::Regenerate(const ProjectContext& context,
                                            const backlog::Feature& feature,
                                            const backlog::TestPlan& failing,
                                            const std::string& findings, const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = FeatureVariables(context, feature);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), PlanSchema()));
  return Produce(std::move(variables), call);
}

backlog::TestPlan TestPlanAgent::Produce(PromptVariables variables, const CallContext& call) {
  const Json schema = PlanSchema();
  const Json reply = internal::Ask(gateway_, kAgent, variables, "test_plan", schema, call);
  return internal::ParseReply(kAgent, [&] {
    return backlog::TestPlanFromJson(internal::ShapeLike(reply, schema), "test_plan");
  });
}

}  // namespace agents
