#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "agents/gateway.hpp"

namespace agents {

// A model's review of a product vision before generation.
struct VisionAssessment {
  int score = 0;  // 0-100
  std::vector<std::string> strengths;
  std::vector<std::string> gaps;
  std::vector<std::string> suggestions;
  bool ready = false;  // the model's call: epics can be written from the vision as it stands
};

// Reviews a vision against the elements a backlog needs (agent "vision_assessor").
class VisionAssessor {
 public:
  // Strengths, gaps and suggestions each hold at most this many entries.
  static constexpr int kMaxPoints = 5;

  explicit VisionAssessor(LlmGateway& gateway) : gateway_(gateway) {}

  // `domains`: keys of backlog::Domains(), primary first; only their guidance reaches the prompt.
  // Throws llm::LlmError, and std::invalid_argument for an unknown domain.
  VisionAssessment Assess(std::string_view vision, const std::vector<std::string>& domains,
                          const CallContext& call);

 private:
  LlmGateway& gateway_;
};

}  // namespace agents
