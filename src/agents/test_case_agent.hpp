#pragma once

#include <string>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "backlog/model.hpp"

namespace agents {

// A story's test cases, covering positive, negative, boundary and integration types as far as
// the limit allows (agent "qa_test_cases").
class TestCaseAgent {
 public:
  explicit TestCaseAgent(LlmGateway& gateway) : gateway_(gateway) {}

  // At most `max_items` cases for `story` (part of `feature`), fewer when the model writes fewer;
  // none, without a call, for 0. No ids. Throws llm::LlmError, and std::invalid_argument for a
  // negative limit.
  std::vector<backlog::TestCase> Generate(const ProjectContext& context,
                                          const backlog::Feature& feature,
                                          const backlog::Story& story, int max_items,
                                          const CallContext& call);

  // One corrected case for `failing`, given the `findings` it failed; the prompt names the
  // story's other cases (story.test_cases minus `failing`) so the new one does not duplicate them.
  backlog::TestCase Regenerate(const ProjectContext& context, const backlog::Feature& feature,
                               const backlog::Story& story, const backlog::TestCase& failing,
                               const std::string& findings, const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
