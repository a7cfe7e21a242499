#include "pipeline/quality_gate.hpp"

namespace pipeline {

void FlagNearDuplicate(backlog::Quality& quality, std::string_view rule,
                       const std::vector<std::string>& texts,
                       const std::vector<ExistingItem>& existing) {
  for (const auto& other : existing) {
    for (std::size_t i = 0; i < texts.size() && i < other.texts.size(); ++i) {
      if (backlog::WordSetSimilarity(texts[i], other.texts[i]) < backlog::kDuplicateSimilarity) {
        continue;
      }
      quality.findings.push_back({std::string(rule),
                                  "This nearly duplicates " + other.label +
                                      "; make it about something the backlog does not cover yet.",
                                  backlog::Severity::kError});
      quality.score = backlog::ScoreFor(quality.findings);
      return;
    }
  }
}

}  // namespace pipeline
