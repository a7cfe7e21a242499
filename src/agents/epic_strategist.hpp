#pragma once

#include <string>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "backlog/model.hpp"

namespace agents {

// The vision's epics (agent "epic_strategist").
class EpicStrategist {
 public:
  explicit EpicStrategist(LlmGateway& gateway) : gateway_(gateway) {}

  // At most `max_items` epics, fewer when the model writes fewer; none, without a call, for 0.
  // No ids, no features. Throws llm::LlmError, and std::invalid_argument for a negative limit.
  std::vector<backlog::Epic> Generate(const ProjectContext& context, int max_items,
                                      const CallContext& call);

  // One corrected epic for `failing`, given the `findings` it failed. Unlike the lower levels,
  // whose parent holds the siblings, epics have no parent: `siblings` are the backlog's epics
  // (`failing` among them is skipped), named in the prompt so the new epic does not duplicate
  // one of them.
  backlog::Epic Regenerate(const ProjectContext& context, const backlog::Epic& failing,
                           const std::vector<backlog::Epic>& siblings, const std::string& findings,
                           const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
