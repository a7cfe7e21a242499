#include "agents/vision_optimizer.hpp"

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "vision_optimizer";

Json OptimizedSchema() {
  return schema::Object({
      {"optimized_vision", schema::String("The rewritten vision, 200 to 400 words")},
      {"changes", schema::StringArray(1, VisionOptimizer::kMaxChanges,
                                      "Each: what changed and which gap it closes")},
  });
}

}  // namespace

OptimizedVision VisionOptimizer::Optimize(std::string_view vision,
                                          const std::vector<std::string>& domains,
                                          const VisionAssessment& before, const CallContext& call) {
  const PromptVariables variables = {
      {"vision", std::string(vision)},
      {"domain_guidance", DomainGuidance(domains)},
      {"score", std::to_string(before.score)},
      {"strengths", internal::BulletList(before.strengths)},
      {"gaps", internal::BulletList(before.gaps)},
      {"suggestions", internal::BulletList(before.suggestions)},
      {"max_items", std::to_string(kMaxChanges)},
  };
  const Json reply =
      internal::Ask(gateway_, kAgent, variables, "optimized_vision", OptimizedSchema(), call);
  return internal::ParseReply(kAgent, [&] {
    OptimizedVision optimized;
    optimized.optimized_vision = reply.at("optimized_vision").get<std::string>();
    optimized.changes = reply.at("changes").get<std::vector<std::string>>();
    if (optimized.changes.size() > static_cast<std::size_t>(kMaxChanges)) {
      optimized.changes.resize(kMaxChanges);
    }
    return optimized;
  });
}

}  // namespace agents
