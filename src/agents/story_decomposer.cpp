#include "agents/story_decomposer.hpp"

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "story_decomposer";
constexpr std::string_view kKey = "stories";

Json StorySchema() {
  return schema::Object({
      {"title", schema::String("5 to 80 characters")},
      {"user_story", schema::String("As a <role>, I want <one goal>, so that <benefit>.")},
      {"description", schema::String("Context the team needs beyond the user story")},
      {"acceptance_criteria",
       schema::StringArray(3, 7, "Each: Given <state>, when <one action>, then <outcome>.")},
      {"story_points", schema::IntegerEnum({1, 2, 3, 5, 8, 13})},
      {"priority", schema::StringEnum(schema::Priorities())},
      {"category", schema::StringEnum({"authentication", "data_management", "ui_ux", "integration",
                                       "security", "performance", "administration"})},
      {"user_type",
       schema::StringEnum({"new_user", "existing_user", "admin", "power_user", "casual_user"})},
  });
}

Json ReplySchema(int max_items) {
  return schema::Object({{std::string(kKey), schema::Array(StorySchema(), 1, max_items)}});
}

PromptVariables FeatureVariables(const ProjectContext& context, const backlog::Epic& epic,
                                 const backlog::Feature& feature) {
  PromptVariables variables = internal::ProjectVariables(context);
  variables["epic"] = internal::DescribeEpic(epic);
  variables["feature"] = internal::DescribeFeature(feature);
  return variables;
}

}  // namespace

std::vector<backlog::Story> StoryDecomposer::Generate(const ProjectContext& context,
                                                      const backlog::Epic& epic,
                                                      const backlog::Feature& feature,
                                                      int max_items, const CallContext& call) {
  internal::CheckMaxItems(max_items);
  if (max_items == 0) return {};
  PromptVariables variables = FeatureVariables(context, epic, feature);
  variables["max_items"] = std::to_string(max_items);
  variables["other_items"] = "";
  internal::AddNoFindings(variables);
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(max_items), call);
  return internal::ParseItems(kAgent, reply, kKey, static_cast<std::size_t>(max_items),
                              StorySchema(), backlog::StoryFromJson);
}

backlog::Story StoryDecomposer::Regenerate(const ProjectContext& context, const backlog::Epic& epic,
                                           const backlog::Feature& feature,
                                           const backlog::Story& failing,
                                           const std::string& findings, const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = FeatureVariables(context, epic, feature);
  variables["max_items"] = "1";
  variables["other_items"] = internal::OtherTitles(feature.stories, failing);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), StorySchema()));
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(1), call);
  return internal::ParseOneItem(kAgent, reply, kKey, StorySchema(), backlog::StoryFromJson);
}

}  // namespace agents
