#include "api/jobs_api.hpp"

#include <charconv>

#include "api/auth_middleware.hpp"
#include "api/job_events.hpp"
#include "api/json_body.hpp"
#include "http/api_error.hpp"

namespace api::jobs_api {
namespace {

nlohmann::json ParsedOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  auto json = nlohmann::json::parse(text, nullptr, false);
  return json.is_discarded() ? nlohmann::json(nullptr) : json;
}

nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

// EventSource resends the id of the last event it saw; so may any other client.
std::int64_t LastEventId(const http::Request& request) {
  std::int64_t after = 0;
  if (const auto last = request.headers.Find("Last-Event-ID")) {
    const auto [end, error] = std::from_chars(last->data(), last->data() + last->size(), after);
    if (error != std::errc{} || end != last->data() + last->size() || after < 0) after = 0;
  }
  return after;
}

}  // namespace

nlohmann::json JobJson(const services::JobStatus& status) {
  const store::JobRow& job = status.job;
  return {{"id", job.id},
          {"project_id", OrNull(job.project_id)},
          {"kind", store::JobKindName(job.kind)},
          {"state", store::JobStateName(job.state)},
          {"created_at", job.created_at},
          {"started_at", job.started_at ? nlohmann::json(*job.started_at) : nullptr},
          {"finished_at", job.finished_at ? nlohmann::json(*job.finished_at) : nullptr},
          {"cancel_requested", job.cancel_requested},
          {"options", ParsedOrNull(job.options)},
          {"result", ParsedOrNull(job.result)},
          {"error", OrNull(job.error)},
          {"progress", status.progress ? ParsedOrNull(status.progress->data) : nullptr},
          {"last_event_id", status.last_event_id}};
}

http::Response JobAccepted(const Services& services, const store::JobRow& job) {
  http::Response response = http::Response::Json(202, JobJson(services.jobs.StatusOf(job)).dump());
  response.headers.Set("Location", "/api/jobs/" + job.id);
  return response;
}

http::Handler StartGeneration(const Services& services) {
  return [&services](const http::Request& request) {
    bool replace = false;
    if (!request.body.empty()) {
      const nlohmann::json body = JsonObjectBody(request);
      if (const auto it = body.find("replace"); it != body.end() && !it->is_null()) {
        if (!it->is_boolean()) {
          throw http::ApiError(422, "validation_failed", "Unprocessable Content",
                               "replace must be true or false")
              .WithFieldError("replace", "Must be true or false.");
        }
        replace = it->get<bool>();
      }
    }
    const store::JobRow job =
        services.jobs.StartGeneration(request.principal->user_id, request.PathParam("id"), replace);
    return JobAccepted(services, job);
  };
}

http::Handler GetJob(const Services& services) {
  return [&services](const http::Request& request) {
    return http::Response::Json(
        200,
        JobJson(services.jobs.Status(request.principal->user_id, request.PathParam("id"))).dump());
  };
}

http::Handler CancelJob(const Services& services) {
  return [&services](const http::Request& request) {
    return http::Response::Json(
        202,
        JobJson(services.jobs.Cancel(request.principal->user_id, request.PathParam("id"))).dump());
  };
}

http::Handler ListProjectJobs(const Services& services) {
  return [&services](const http::Request& request) {
    nlohmann::json jobs = nlohmann::json::array();
    for (const auto& job :
         services.jobs.ListForProject(request.principal->user_id, request.PathParam("id"))) {
      jobs.push_back({{"id", job.id},
                      {"kind", store::JobKindName(job.kind)},
                      {"state", store::JobStateName(job.state)},
                      {"created_at", job.created_at},
                      {"finished_at", job.finished_at ? nlohmann::json(*job.finished_at) : nullptr},
                      {"error", OrNull(job.error)}});
    }
    return http::Response::Json(200, nlohmann::json{{"jobs", jobs}}.dump());
  };
}

http::Handler JobEvents(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user_id = request.principal->user_id;
    const store::JobRow job = services.jobs.Get(user_id, request.PathParam("id"));
    auto permit = services.event_streams.TryAcquire(std::to_string(user_id));
    if (!permit) {
      throw http::ApiError(429, "too_many_streams", "Too Many Requests",
                           "You have " + std::to_string(services.event_streams.limit()) +
                               " event streams open, the most allowed; close one first.")
          .WithHeader("Retry-After", "5");
    }
    // The stream lives longer than the token may: it ends once the token is revoked, the
    // account disabled or its tokens invalidated (checked at every heartbeat).
    const std::string token = PresentedAccessToken(request, services).value_or("");
    auth::AuthService& auth = services.auth;
    auto still_authorized = [&auth, token, user_id] {
      const auto identity = auth.Authenticate(token);
      const auto* valid = std::get_if<auth::Identity>(&identity);
      return valid && valid->user_id == user_id;
    };
    http::Response response;
    response.status = 200;
    response.headers.Set("Content-Type", "text/event-stream; charset=utf-8");
    response.stream = JobEventStream(services.jobs, job.id, LastEventId(request),
                                     std::move(still_authorized), std::move(*permit));
    return response;
  };
}

}  // namespace api::jobs_api
