#include "api/vision_api.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/jobs_api.hpp"
#include "api/json_body.hpp"
#include "api/llm_errors.hpp"
#include "api/project_access.hpp"
#include "http/pending_response.hpp"
#include "pipeline/vision_job.hpp"
#include "services/vision_checks.hpp"

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

http::Response CheckAnswer(const services::VisionCheckResult& result) {
  if (result.assessment) {
    return http::Response::Json(200, pipeline::ToJson(*result.assessment).dump());
  }
  if (result.llm_error) return http::ProblemResponse(LlmApiError(*result.llm_error));
  spdlog::error("a vision check failed: {}", result.internal_error);
  return http::ProblemResponse(http::ApiError(500, "internal_error", "Internal Server Error",
                                              "The vision could not be checked; the service's "
                                              "log has details."));
}

}  // namespace

http::Handler QualityCheck(const Services& services) {
  return [&services](const http::Request& request) {
    pipeline::VisionRequest parsed = ParseRequest(request);
    const std::int64_t user_id = request.principal->user_id;
    const PipelineServices& pipeline = *services.pipeline;
    auto permit = pipeline.vision_checks_per_user.TryAcquire(std::to_string(user_id));
    if (!permit) {
      throw http::ApiError(429, "too_many_checks", "Too Many Requests",
                           "You have " + std::to_string(pipeline.vision_checks_per_user.limit()) +
                               " vision checks in progress, the most allowed; wait for one.")
          .WithHeader("Retry-After", "5");
    }
    // The provider call runs on the check threads; this worker returns at once and the
    // connection waits for the answer without a thread.
    auto pending = std::make_shared<http::PendingResponse>();
    auto held = std::make_shared<http::ConcurrencyQuota::Permit>(std::move(*permit));
    const bool queued =
        pipeline.vision_checks.Submit(user_id, std::move(parsed.vision), std::move(parsed.domains),
                                      [pending, held](services::VisionCheckResult result) {
                                        pending->Complete(CheckAnswer(result));
                                      });
    if (!queued) {
      throw http::ApiError(503, "server_busy", "Service Unavailable",
                           "Too many vision checks are waiting; retry shortly.")
          .WithHeader("Retry-After", "5");
    }
    return http::Response::Later(std::move(pending));
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
