#include "agents/developer_agent.hpp"

#include "agents/story_item_calls.hpp"
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

// Everything but the item schema is shared with the other story-level agents.
internal::StoryItemAgent<decltype(&backlog::TaskFromJson)> Calls() {
  return {kAgent, kKey, TaskSchema(), &backlog::TaskFromJson};
}

}  // namespace

std::vector<backlog::Task> DeveloperAgent::Generate(const ProjectContext& context,
                                                    const backlog::Feature& feature,
                                                    const backlog::Story& story, int max_items,
                                                    const CallContext& call) {
  return Calls().Generate(gateway_, context, feature, story, max_items, call);
}

backlog::Task DeveloperAgent::Regenerate(const ProjectContext& context,
                                         const backlog::Feature& feature,
                                         const backlog::Story& story, const backlog::Task& failing,
                                         const std::string& findings, const CallContext& call) {
  return Calls().Regenerate(gateway_, context, feature, story, story.tasks, failing, findings,
                            call);
}

}  // namespace agents
