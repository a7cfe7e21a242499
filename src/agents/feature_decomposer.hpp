#pragma once

#include <string>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "backlog/model.hpp"

namespace agents {

// An epic's features (agent "feature_decomposer").
class FeatureDecomposer {
 public:
  explicit FeatureDecomposer(LlmGateway& gateway) : gateway_(gateway) {}

  // At most `max_items` features of `epic`, fewer when the model writes fewer; none, without a
  // call, for 0. No ids, no stories. Throws llm::LlmError, and std::invalid_argument for a
  // negative limit.
  std::vector<backlog::Feature> Generate(const ProjectContext& context, const backlog::Epic& epic,
                                         int max_items, const CallContext& call);

  // One corrected feature for `failing`, given the `findings` it failed; the prompt names the
  // epic's other features (epic.features minus `failing`) so the new one does not duplicate them.
  backlog::Feature Regenerate(const ProjectContext& context, const backlog::Epic& epic,
                              const backlog::Feature& failing, const std::string& findings,
                              const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
