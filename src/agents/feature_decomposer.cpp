#include "agents/feature_decomposer.hpp"

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "feature_decomposer";
constexpr std::string_view kKey = "features";

Json FeatureSchema() {
  return schema::Object({
      {"title", schema::String("5 to 80 characters")},
      {"description", schema::String("Two or three full sentences")},
      {"priority", schema::StringEnum(schema::Priorities())},
      {"estimated_story_points",
       schema::IntegerEnum({1, 2, 3, 5, 8, 13, 21}, "Total size of the feature's stories")},
      {"dependencies", schema::StringArray(0, 5, "Features or systems needed first")},
      {"ui_ux_requirements", schema::StringArray(0, 6)},
      {"technical_considerations", schema::StringArray(1, 6)},
      {"business_value", schema::String("One sentence naming the outcome it improves")},
      {"edge_cases", schema::StringArray(1, 6)},
      {"category",
       schema::StringEnum({"core_functionality", "user_interface", "data_management", "integration",
                           "security", "performance", "administration"})},
  });
}

Json ReplySchema(int max_items) {
  return schema::Object({{std::string(kKey), schema::Array(FeatureSchema(), 1, max_items)}});
}

PromptVariables EpicVariables(const ProjectContext& context, const backlog::Epic& epic) {
  PromptVariables variables = internal::ProjectVariables(context);
  variables["epic"] = internal::DescribeEpic(epic);
  return variables;
}

}  // namespace

std::vector<backlog::Feature> FeatureDecomposer::Generate(const ProjectContext& context,
                                                          const backlog::Epic& epic, int max_items,
                                                          const CallContext& call) {
  internal::CheckMaxItems(max_items);
  if (max_items == 0) return {};
  PromptVariables variables = EpicVariables(context, epic);
  variables["max_items"] = std::to_string(max_items);
  variables["other_items"] = "";
  internal::AddNoFindings(variables);
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(max_items), call);
  return internal::ParseItems(kAgent, reply, kKey, static_cast<std::size_t>(max_items),
                              FeatureSchema(), backlog::FeatureFromJson);
}

backlog::Feature FeatureDecomposer::Regenerate(const ProjectContext& context,
                                               const backlog::Epic& epic,
                                               const backlog::Feature& failing,
                                               const std::string& findings,
                                               const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = EpicVariables(context, epic);
  variables["max_items"] = "1";
  variables["other_items"] = internal::OtherTitles(epic.features, failing);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), FeatureSchema()));
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(1), call);
  return internal::ParseOneItem(kAgent, reply, kKey, FeatureSchema(), backlog::FeatureFromJson);
}

}  // namespace agents
