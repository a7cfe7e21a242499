#pragma once

// What every agent does around its own prompt and schema: render, call the gateway, take at most
// the allowed number of items, and turn a reply that ignored its schema into llm::LlmError.
// Internal to the agents; the pipeline uses the agent classes.

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "agents/prompt_library.hpp"
#include "backlog/model.hpp"
#include "llm/llm_error.hpp"

namespace agents::internal {

using Json = nlohmann::json;

// project_name, target_users, vision and domain_guidance: the variables of every backlog prompt.
PromptVariables ProjectVariables(const ProjectContext& context);

// ProjectVariables plus the feature and story an agent works on (tasks, test suite, test cases).
PromptVariables StoryVariables(const ProjectContext& context, const backlog::Feature& feature,
                               const backlog::Story& story);

// findings and previous_item: empty for a generation; for a regeneration the checks the item
// failed and the item itself as the schema has the model write it.
void AddNoFindings(PromptVariables& variables);
void AddFindings(PromptVariables& variables, const std::string& findings,
                 const Json& previous_item);

// Renders the agent's embedded prompt (system and user message) and makes the structured call;
// returns the reply's value. The gateway throws llm::LlmError.
Json Ask(LlmGateway& gateway, std::string_view agent, const PromptVariables& variables,
         std::string_view schema_name, Json schema, const CallContext& call);

// The first `max_items` elements of reply[key]; more are dropped, fewer returned as they are.
// Throws llm::LlmError (kInvalidOutput) when reply[key] is not an array.
std::vector<Json> FirstItems(std::string_view agent, const Json& reply, std::string_view key,
                             std::size_t max_items);

// Only what `schema` describes of `value`, recursively through objects and arrays: a reply item
// minus anything its schema does not allow (ids, children), or a model item shown back to the
// model in the shape it answers in.
Json ShapeLike(const Json& value, const Json& schema);

// Throws std::invalid_argument for a negative limit (0 means: make no call, return nothing).
void CheckMaxItems(int max_items);
// Throws std::invalid_argument when a regeneration has no findings to fix.
void CheckFindings(const std::string& findings);

// Runs `parse` (a backlog::*FromJson call) on a reply; its std::invalid_argument and nlohmann
// errors mean the reply did not follow the schema and become llm::LlmError (kInvalidOutput).
template <typename Parse>
auto ParseReply(std::string_view agent, Parse&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const std::invalid_argument& error) {
    throw llm::LlmError(
        llm::LlmErrorKind::kInvalidOutput,
        std::string(agent) + ": the reply does not match the schema: " + error.what());
  } catch (const nlohmann::json::exception& error) {
    throw llm::LlmError(
        llm::LlmErrorKind::kInvalidOutput,
        std::string(agent) + ": the reply does not match the schema: " + error.what());
  }
}

// The first `max_items` items of reply[key] as model items, each reduced to what `item_schema`
// allows (so a reply that ignored its schema sets no id and no children) and read by `from_json`
// (a backlog::*FromJson function). Throws llm::LlmError (kInvalidOutput) as above.
template <typename FromJson>
auto ParseItems(std::string_view agent, const Json& reply, std::string_view key,
                std::size_t max_items, const Json& item_schema, FromJson from_json) {
  using Item = decltype(from_json(Json(), std::string_view()));
  std::vector<Item> items;
  const std::vector<Json> elements = FirstItems(agent, reply, key, max_items);
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const std::string path = std::string(key) + "[" + std::to_string(i) + "]";
    items.push_back(
        ParseReply(agent, [&] { return from_json(ShapeLike(elements[i], item_schema), path); }));
  }
  return items;
}

// The one item of a regeneration reply; throws llm::LlmError (kInvalidOutput) when it is missing.
template <typename FromJson>
auto ParseOneItem(std::string_view agent, const Json& reply, std::string_view key,
                  const Json& item_schema, FromJson from_json) {
  auto items = ParseItems(agent, reply, key, 1, item_schema, from_json);
  if (items.empty()) {
    throw llm::LlmError(llm::LlmErrorKind::kInvalidOutput,
                        std::string(agent) + ": the reply has no corrected item");
  }
  return std::move(items.front());
}

}  // namespace agents::internal
