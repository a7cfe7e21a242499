#include "agents/vision_assessor.hpp"

#include <algorithm>

#include "agents/agent_call.hpp"
#include "agents/strict_schema.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "vision_assessor";

Json AssessmentSchema() {
  return schema::Object({
      {"score", schema::Integer(0, 100)},
      {"strengths", schema::StringArray(0, VisionAssessor::kMaxPoints)},
      {"gaps", schema::StringArray(0, VisionAssessor::kMaxPoints)},
      {"suggestions", schema::StringArray(0, VisionAssessor::kMaxPoints)},
      {"ready", schema::Boolean("Whether epics can be written from the vision as it stands")},
  });
}

std::vector<std::string> Points(const Json& reply, std::string_view key) {
  auto points = reply.at(std::string(key)).get<std::vector<std::string>>();
  if (points.size() > static_cast<std::size_t>(VisionAssessor::kMaxPoints)) {
    points.resize(VisionAssessor::kMaxPoints);
  }
  return points;
}

}  // namespace

VisionAssessment VisionAssessor::Assess(std::string_view vision,
                                        const std::vector<std::string>& domains,
                                        const CallContext& call) {
  const PromptVariables variables = {{"vision", std::string(vision)},
                                     {"domain_guidance", DomainGuidance(domains)},
                                     {"max_items", std::to_string(kMaxPoints)}};
  const Json reply =
      internal::Ask(gateway_, kAgent, variables, "vision_assessment", AssessmentSchema(), call);
  return internal::ParseReply(kAgent, [&] {
    VisionAssessment assessment;
    assessment.score = std::clamp(reply.at("score").get<int>(), 0, 100);
    assessment.strengths = Points(reply, "strengths");
    assessment.gaps = Points(reply, "gaps");
    assessment.suggestions = Points(reply, "suggestions");
    assessment.ready = reply.at("ready").get<bool>();
    return assessment;
  });
}

}  // namespace agents
