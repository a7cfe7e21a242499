#pragma once

// The calls of the agents that make a list of items for one story (tasks, test cases): the same
// prompt variables, reply shape and parsing; only the agent, its prompt key and its item schema
// differ. Internal to the agents.

#include <string>
#include <string_view>
#include <vector>

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents::internal {

// What a story-level agent is: its name, the reply's list key, its item schema and reader.
template <typename FromJson>
struct StoryItemAgent {
  std::string_view agent;
  std::string_view key;
  Json item_schema;
  FromJson from_json;  // a backlog::*FromJson function

  Json ReplySchema(int max_items) const {
    return schema::Object({{std::string(key), schema::Array(item_schema, 1, max_items)}});
  }

  // At most `max_items` new items for `story`.
  auto Generate(LlmGateway& gateway, const ProjectContext& context, const backlog::Feature& feature,
                const backlog::Story& story, int max_items, const CallContext& call) const {
    using Item = decltype(from_json(Json(), std::string_view()));
    CheckMaxItems(max_items);
    if (max_items == 0) return std::vector<Item>{};
    PromptVariables variables = StoryVariables(context, feature, story);
    variables["max_items"] = std::to_string(max_items);
    variables["other_items"] = "";
    AddNoFindings(variables);
    const Json reply = Ask(gateway, agent, variables, key, ReplySchema(max_items), call);
    return ParseItems(agent, reply, key, static_cast<std::size_t>(max_items), item_schema,
                      from_json);
  }

  // `failing` again, told its findings and the titles of its siblings (not to be duplicated).
  template <typename Item>
  Item Regenerate(LlmGateway& gateway, const ProjectContext& context,
                  const backlog::Feature& feature, const backlog::Story& story,
                  const std::vector<Item>& siblings, const Item& failing,
                  const std::string& findings, const CallContext& call) const {
    CheckFindings(findings);
    PromptVariables variables = StoryVariables(context, feature, story);
    variables["max_items"] = "1";
    variables["other_items"] = OtherTitles(siblings, failing);
    AddFindings(variables, findings, ShapeLike(backlog::ToJson(failing), item_schema));
    const Json reply = Ask(gateway, agent, variables, key, ReplySchema(1), call);
    return ParseOneItem(agent, reply, key, item_schema, from_json);
  }
};

}  // namespace agents::internal
