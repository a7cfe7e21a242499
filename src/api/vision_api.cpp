#include "api/vision_api.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/error_mapping.hpp"
#include "api/jobs_api.hpp"
#include "api/json_body.hpp"
#include "api/request_fields.hpp"
#include "backlog/project_rules.hpp"
#include "http/pending_response.hpp"
#include "pipeline/vision_job.hpp"
#include "services/service_error.hpp"

namespace api::vision_api {
namespace {

pipeline::VisionRequest ParseRequest(const http::Request& request) {
  const nlohmann::json body = JsonObjectBody(request);
  std::string vision = RequiredString(body, "vision", backlog::kMaxVisionBytes);
  const auto it = body.find("domains");
  if (it == body.end() || it->is_null()) throw Invalid("domains", "Choose one to three domains.");
  return services::CheckedVisionRequest(std::move(vision), DomainsFrom(*it));
}

http::Response CheckAnswer(const services::VisionCheckResult& result) {
  if (result.assessment) {
    return http::Response::Json(200, pipeline::ToJson(*result.assessment).dump());
  }
  if (result.llm_error) return http::ProblemResponse(ToApiError(*result.llm_error));
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
    auto permit = services.vision.checks_per_user.TryAcquire(std::to_string(user_id));
    if (!permit) {
      throw services::ServiceError(
          services::ErrorKind::kTooMany, "too_many_checks",
          "You have " + std::to_string(services.vision.checks_per_user.limit()) +
              " vision checks in progress, the most allowed; wait for one.",
          {}, 5);
    }
    // The provider call runs on the check threads; this worker returns at once and the
    // connection waits for the answer without a thread.
    auto pending = std::make_shared<http::PendingResponse>();
    auto held = std::make_shared<http::ConcurrencyQuota::Permit>(std::move(*permit));
    const bool queued =
        services.vision.checks.Submit(user_id, std::move(parsed.vision), std::move(parsed.domains),
                                      [pending, held](services::VisionCheckResult result) {
                                        pending->Complete(CheckAnswer(result));
                                      });
    if (!queued) {
      throw services::ServiceError(services::ErrorKind::kUnavailable, "server_busy",
                                   "Too many vision checks are waiting; retry shortly.", {}, 5);
    }
    return http::Response::Later(std::move(pending));
  };
}

http::Handler Optimize(const Services& services) {
  return [&services](const http::Request& request) {
    const store::JobRow job =
        services.jobs.StartVisionOptimization(request.principal->user_id, ParseRequest(request));
    return jobs_api::JobAccepted(services, job);
  };
}

}  // namespace api::vision_api
