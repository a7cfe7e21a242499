#include "api/vision_api.hpp"

#include <nlohmann/json.hpp>

#include "agents/vision_assessor.hpp"
#include "api/jobs_api.hpp"
#include "api/json_body.hpp"
#include "api/llm_errors.hpp"
#include "api/project_access.hpp"
#include "pipeline/vision_job.hpp"

namespace api::vision_api {
namespace {

pipeline::VisionRequest ParseRequest(const http::Request& request) {
  const nlohmann::json body = JsonObjectBody(request);
  pipeline::VisionRequest parsed;
  parsed.vision = CheckVision(RequiredString(body, "vision", kMaxVisionBytes));
  const auto it = body.find("domains");
  if (it == body.end() || it->is_null()) throw Invalid("domains", "Choose one to three domains.");
  parsed.domains = ParseDomains(*it);
  return parsed;
}

}  // namespace

http::Handler QualityCheck(const Services& services) {
  return [&services](const http::Request& request) {
    const pipeline::VisionRequest parsed = ParseRequest(request);
    const agents::CallContext call{request.principal->user_id, "", nullptr};
    try {
      const agents::VisionAssessment assessment =
          services.pipeline->vision.Assess(parsed.vision, parsed.domains, call);
      return http::Response::Json(200, pipeline::ToJson(assessment).dump());
    } catch (const llm::LlmError& error) {
      throw LlmApiError(error);
    }
  };
}

http::Handler Optimize(const Services& services) {
  return [&services](const http::Request& request) {
    const pipeline::VisionRequest parsed = ParseRequest(request);
    store::JobRow job;
    job.owner_id = request.principal->user_id;
    job.kind = "optimize_vision";
    job.options = parsed.ToOptions().dump();
    return jobs_api::QueueJob(services, std::move(job));
  };
}

}  // namespace api::vision_api
