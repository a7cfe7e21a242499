#include "agents/agent_call.hpp"

#include <algorithm>
#include <utility>

#include "agents/prompt_text.hpp"

namespace agents::internal {

PromptVariables ProjectVariables(const ProjectContext& context) {
  return {{"project_name", context.project.name},
          {"target_users", context.project.target_users},
          {"vision", context.project.vision},
          {"domain_guidance", context.domain_guidance}};
}

PromptVariables StoryVariables(const ProjectContext& context, const backlog::Feature& feature,
                               const backlog::Story& story) {
  PromptVariables variables = ProjectVariables(context);
  variables["feature"] = DescribeFeature(feature);
  variables["story"] = DescribeStory(story);
  return variables;
}

void AddNoFindings(PromptVariables& variables) {
  variables["findings"] = "";
  variables["previous_item"] = "";
}

void AddFindings(PromptVariables& variables, const std::string& findings,
                 const Json& previous_item) {
  variables["findings"] = findings;
  variables["previous_item"] = previous_item.dump(2);
}

Json Ask(LlmGateway& gateway, std::string_view agent, const PromptVariables& variables,
         std::string_view schema_name, Json schema, const CallContext& call) {
  const RenderedPrompt prompt = PromptLibrary::Embedded().Render(agent, variables);
  llm::ChatRequest request;
  request.messages = {{"system", prompt.system}, {"user", prompt.user}};
  request.schema_name = std::string(schema_name);
  request.schema = std::move(schema);
  return gateway.Call(agent, std::move(request), call).value;
}

std::vector<Json> FirstItems(std::string_view agent, const Json& reply, std::string_view key,
                             std::size_t max_items) {
  const std::string name(key);
  if (!reply.is_object() || !reply.contains(name) || !reply[name].is_array()) {
    throw llm::LlmError(llm::LlmErrorKind::kInvalidOutput,
                        std::string(agent) + ": the reply has no \"" + name + "\" array");
  }
  const Json& items = reply[name];
  // A server that ignores the schema's maxItems must not grow the backlog past its limits.
  const std::size_t count = std::min(items.size(), max_items);
  return std::vector<Json>(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(count));
}

Json ShapeLike(const Json& value, const Json& schema) {
  if (value.is_object() && schema.contains("properties")) {
    Json shaped = Json::object();
    for (const auto& [name, property] : schema["properties"].items()) {
      if (value.contains(name)) shaped[name] = ShapeLike(value[name], property);
    }
    return shaped;
  }
  if (value.is_array() && schema.contains("items")) {
    Json shaped = Json::array();
    for (const Json& element : value) shaped.push_back(ShapeLike(element, schema["items"]));
    return shaped;
  }
  return value;
}

void CheckMaxItems(int max_items) {
  if (max_items < 0) {
    throw std::invalid_argument("max_items must not be negative, got " + std::to_string(max_items));
  }
}

void CheckFindings(const std::string& findings) {
  if (findings.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw std::invalid_argument("a regeneration needs the findings the item failed");
  }
}

}  // namespace agents::internal
