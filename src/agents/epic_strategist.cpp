#include "agents/epic_strategist.hpp"

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "epic_strategist";
constexpr std::string_view kKey = "epics";

Json EpicSchema() {
  return schema::Object({
      {"title", schema::String("5 to 60 characters, naming the capability")},
      {"description", schema::String("Two or three full sentences: what, for whom, why")},
      {"priority", schema::StringEnum(schema::Priorities())},
      {"estimated_complexity", schema::StringEnum({"XS", "S", "M", "L", "XL"})},
      {"category",
       schema::StringEnum({"core_platform", "user_experience", "data_management", "integration",
                           "security", "performance", "administration"})},
  });
}

Json ReplySchema(int max_items) {
  return schema::Object({{std::string(kKey), schema::Array(EpicSchema(), 1, max_items)}});
}

}  // namespace

std::vector<backlog::Epic> EpicStrategist::Generate(const ProjectContext& context, int max_items,
                                                    const CallContext& call) {
  internal::CheckMaxItems(max_items);
  if (max_items == 0) return {};
  PromptVariables variables = internal::ProjectVariables(context);
  variables["max_items"] = std::to_string(max_items);
  variables["other_items"] = "";
  internal::AddNoFindings(variables);
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(max_items), call);
  return internal::ParseItems(kAgent, reply, kKey, static_cast<std::size_t>(max_items),
                              EpicSchema(), backlog::EpicFromJson);
}

backlog::Epic EpicStrategist::Regenerate(const ProjectContext& context,
                                         const backlog::Epic& failing,
                                         const std::vector<backlog::Epic>& siblings,
                                         const std::string& findings, const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = internal::ProjectVariables(context);
  variables["max_items"] = "1";
  variables["other_items"] = internal::OtherTitles(siblings, failing);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), EpicSchema()));
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(1), call);
  return internal::ParseOneItem(kAgent, reply, kKey, EpicSchema(), backlog::EpicFromJson);
}

}  // namespace agents
