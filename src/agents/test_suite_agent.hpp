#pragma once

#include <string>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "agents/prompt_library.hpp"
#include "backlog/model.hpp"

namespace agents {

// A story's test suite (agent "qa_test_suite").
class TestSuiteAgent {
 public:
  explicit TestSuiteAgent(LlmGateway& gateway) : gateway_(gateway) {}

  // The suite for `story` (part of `feature`). No id. Throws llm::LlmError.
  backlog::TestSuite Generate(const ProjectContext& context, const backlog::Feature& feature,
                              const backlog::Story& story, const CallContext& call);

  // A corrected suite for `failing`, given the `findings` it failed.
  backlog::TestSuite Regenerate(const ProjectContext& context, const backlog::Feature& feature,
                                const backlog::Story& story, const backlog::TestSuite& failing,
                                const std::string& findings, const CallContext& call);

 private:
  backlog::TestSuite Produce(PromptVariables variables, const CallContext& call);

  LlmGateway& gateway_;
};

}  // namespace agents
