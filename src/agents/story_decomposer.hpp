#pragma once

#include <string>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "backlog/model.hpp"

namespace agents {

// A feature's user stories with their acceptance criteria (agent "story_decomposer").
class StoryDecomposer {
 public:
  explicit StoryDecomposer(LlmGateway& gateway) : gateway_(gateway) {}

  // At most `max_items` stories of `feature` (part of `epic`), fewer when the model writes fewer;
  // none, without a call, for 0. No ids, tasks or tests. Throws llm::LlmError, and
  // std::invalid_argument for a negative limit.
  std::vector<backlog::Story> Generate(const ProjectContext& context, const backlog::Epic& epic,
                                       const backlog::Feature& feature, int max_items,
                                       const CallContext& call);

  // One corrected story for `failing`, given the `findings` it failed; the prompt names the
  // feature's other stories (feature.stories minus `failing`) so the new one does not duplicate
  // them.
  backlog::Story Regenerate(const ProjectContext& context, const backlog::Epic& epic,
                            const backlog::Feature& feature, const backlog::Story& failing,
                            const std::string& findings, const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
