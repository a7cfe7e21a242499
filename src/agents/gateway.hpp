#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "llm/llm_client.hpp"
#include "llm/model_resolver.hpp"

namespace agents {

// Who a call is for: accounting, the user's model settings and keys, and the job's cancel flag.
struct CallContext {
  std::int64_t user_id = 0;
  std::string job_id;
  const std::atomic<bool>* cancelled = nullptr;
  int priority = 0;  // see llm::ChatRequest::priority
};

// The agents' one door to an LLM: it picks the model and endpoint for the agent and the user,
// and makes the structured call. Tests substitute their own.
class LlmGateway {
 public:
  virtual ~LlmGateway() = default;
  // `request` carries the messages and the schema; model, temperature, max tokens, agent, job,
  // user and cancel flag are filled in here. Throws llm::LlmError.
  virtual llm::ChatResult Call(std::string_view agent, llm::ChatRequest request,
                               const CallContext& context) = 0;
};

// The production gateway: ModelResolver decides, LlmClient calls.
class ResolvingGateway final : public LlmGateway {
 public:
  ResolvingGateway(llm::LlmClient& client, llm::ModelResolver& models)
      : client_(client), models_(models) {}

  llm::ChatResult Call(std::string_view agent, llm::ChatRequest request,
                       const CallContext& context) override {
    const llm::ModelAssignment assignment = models_.Resolve(context.user_id, agent);
    request.model = assignment.model.model;
    request.temperature = assignment.model.temperature;
    request.max_tokens = assignment.model.max_tokens;
    request.agent = std::string(agent);
    request.job_id = context.job_id;
    request.user_id = context.user_id;
    request.cancelled = context.cancelled;
    request.priority = context.priority;
    return client_.Complete(assignment.endpoint, request);
  }

 private:
  llm::LlmClient& client_;
  llm::ModelResolver& models_;
};

}  // namespace agents
