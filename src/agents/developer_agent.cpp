#include "agents/developer_agent.hpp"

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "developer";
constexpr std::string_view kKey = "tasks";

Json TaskSchema() {
  return schema::Object({
      {"title", schema::String("Starts with an action verb: Implement, Create, Add, ...")},
      {"description", schema::String()},
      {"category", schema::StringEnum({"frontend", "backend", "database", "api", "testing",
                                       "deployment", "configuration"})},
      {"estimate_hours", schema::Number(0.5, 16, "Hours of work, 0.5 to 16")},
      {"story_points", schema::IntegerEnum({1, 2, 3, 5, 8, 13})},
      {"complexity", schema::StringEnum({"Low", "Medium", "High"})},
      {"dependencies", schema::StringArray(0, 5, "Titles of tasks of this story needed first")},
      {"acceptance_criteria", schema::StringArray(1, 5)},
      {"technical_details", schema::Object({
                                {"endpoints", schema::StringArray(0, 6)},
                                {"models", schema::StringArray(0, 6)},
                                {"services", schema::StringArray(0, 6)},
                                {"integrations", schema::StringArray(0, 6)},
                                {"standards", schema::StringArray(0, 6)},
                            })},
  });
}

Json ReplySchema(int max_items) {
  return schema::Object({{std::string(kKey), schema::Array(TaskSchema(), 1, max_items)}});
}

}  // namespace

std::vector<backlog::Task> DeveloperAgent::Generate(const ProjectContext& context,
                                                    const backlog::Feature& feature,
                                                    const backlog::Story& story, int max_items,
                                                    const CallContext& call) {
  internal::CheckMaxItems(max_items);
  if (max_items == 0) return {};
  PromptVariables variables = internal::StoryVariables(context, feature, story);
  variables["max_items"] = std::to_string(max_items);
  variables["other_items"] = "";
  internal::AddNoFindings(variables);
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(max_items), call);
  return internal::ParseItems(kAgent, reply, kKey, static_cast<std::size_t>(max_items),
                              TaskSchema(), backlog::TaskFromJson);
}

backlog::Task DeveloperAgent::Regenerate(const ProjectContext& context,
                                         const backlog::Feature& feature,
                                         const backlog::Story& story, const backlog::Task& failing,
                                         const std::string& findings, const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = internal::StoryVariables(context, feature, story);
  variables["max_items"] = "1";
  variables["other_items"] = internal::OtherTitles(story.tasks, failing);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), TaskSchema()));
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(1), call);
  return internal::ParseOneItem(kAgent, reply, kKey, TaskSchema(), backlog::TaskFromJson);
}

}  // namespace agents
