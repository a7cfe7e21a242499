#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agents/gateway.hpp"
#include "agents/vision_assessor.hpp"

namespace agents {

struct OptimizedVision {
  std::string optimized_vision;
  std::vector<std::string> changes;  // what was changed and which gap it closes
};

// Rewrites a vision to close the gaps an assessment found (agent "vision_optimizer").
class VisionOptimizer {
 public:
  // `changes` holds at most this many entries.
  static constexpr int kMaxChanges = 8;

  explicit VisionOptimizer(LlmGateway& gateway) : gateway_(gateway) {}

  // `domains`: keys of backlog::Domains(), primary first; `before`: the assessment of `vision`.
  // Throws llm::LlmError, and std::invalid_argument for an unknown domain.
  OptimizedVision Optimize(std::string_view vision, const std::vector<std::string>& domains,
                           const VisionAssessment& before, const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
