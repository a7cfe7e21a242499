#include "llm/model_resolver.hpp"

#include <algorithm>
#include <stdexcept>

#include "llm/llm_error.hpp"

namespace llm {

ModelResolver::ModelResolver(ProviderDirectory providers, ModelSettings server_defaults,
                             ResolvedModel environment, UserModelSource& users)
    : providers_(std::move(providers)),
      server_defaults_(std::move(server_defaults)),
      environment_(std::move(environment)),
      users_(users) {}

ResolvedModel ModelResolver::Model(std::int64_t user_id, std::string_view agent) {
  return ResolveModel(agent, users_.Settings(user_id), server_defaults_, environment_);
}

bool ModelResolver::IsEnabled(std::string_view provider) const {
  const auto& enabled = providers_.enabled;
  return enabled.empty() || std::find(enabled.begin(), enabled.end(), provider) != enabled.end();
}

ModelAssignment ModelResolver::Resolve(std::int64_t user_id, std::string_view agent) {
  ModelAssignment assignment;
  assignment.model = Model(user_id, agent);
  const auto kind = ParseProvider(assignment.model.provider);
  if (!kind) throw std::invalid_argument("unknown provider " + assignment.model.provider);
  if (!IsEnabled(assignment.model.provider)) {
    throw LlmError(LlmErrorKind::kBadRequest,
                   "the provider \"" + assignment.model.provider +
                       "\" is not enabled on this server; choose another in the LLM settings");
  }
  Endpoint& endpoint = assignment.endpoint;
  endpoint.kind = *kind;
  switch (*kind) {
    case ProviderKind::kOpenAI:
      endpoint.base_url = providers_.openai_base_url;
      endpoint.api_key = providers_.openai_api_key;
      break;
    case ProviderKind::kGrok:
      endpoint.base_url = providers_.grok_base_url;
      endpoint.api_key = providers_.grok_api_key;
      break;
    case ProviderKind::kOllama:
      endpoint.base_url = providers_.ollama_base_url;
      break;
    case ProviderKind::kOllamaOpenAI:
      endpoint.base_url = providers_.ollama_base_url + "/v1";
      break;
    case ProviderKind::kCompatible:
      endpoint.base_url = providers_.compatible_base_url;
      endpoint.api_key = providers_.compatible_api_key;
      break;
  }
  if (const auto own = users_.ApiKey(user_id, assignment.model.provider)) {
    endpoint.api_key = *own;
    assignment.user_key = true;
  }
  return assignment;
}

}  // namespace llm
