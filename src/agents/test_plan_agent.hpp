#pragma once

#include <string>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "agents/prompt_library.hpp"
#include "backlog/model.hpp"

namespace agents {

// A feature's test plan (agent "qa_test_plan").
class TestPlanAgent {
 public:
  explicit TestPlanAgent(LlmGateway& gateway) : gateway_(gateway) {}

  // The plan for `feature`, written from its description and its stories (feature.stories, with
  // their acceptance criteria). No id. Throws llm::LlmError.
  backlog::TestPlan Generate(const ProjectContext& context, const backlog::Feature& feature,
                             const CallContext& call);

  // A corrected plan for `failing`, given the `findings` it failed.
  backlog::TestPlan Regenerate(const ProjectContext& context, const backlog::Feature& feature,
                               const backlog::TestPlan& failing, const std::string& findings,
                               const CallContext& call);

 private:
  backlog::TestPlan Produce(PromptVariables variables, const CallContext& call);

  LlmGateway& gateway_;
};

}  // namespace agents
