#pragma once

#include <string>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "backlog/model.hpp"

namespace agents {

// A story's development tasks (agent "developer").
class DeveloperAgent {
 public:
  explicit DeveloperAgent(LlmGateway& gateway) : gateway_(gateway) {}

  // At most `max_items` tasks for `story` (part of `feature`), fewer when the model writes fewer;
  // none, without a call, for 0. No ids. technical_details holds the reply's object as compact
  // JSON text. Throws llm::LlmError, and std::invalid_argument for a negative limit.
  std::vector<backlog::Task> Generate(const ProjectContext& context,
                                      const backlog::Feature& feature, const backlog::Story& story,
                                      int max_items, const CallContext& call);

  // One corrected task for `failing`, given the `findings` it failed; the prompt names the
  // story's other tasks (story.tasks minus `failing`) so the new one does not duplicate them.
  backlog::Task Regenerate(const ProjectContext& context, const backlog::Feature& feature,
                           const backlog::Story& story, const backlog::Task& failing,
                           const std::string& findings, const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
