#include "api/jobs_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/auth_middleware.hpp"
#include "api/job_events.hpp"
#include "api/json_body.hpp"
#include "api/project_access.hpp"
#include "auth/auth_service.hpp"
#include "http/api_error.hpp"
#include "pipeline/job_runner.hpp"
#include "pipeline/tree_rows.hpp"

namespace api::jobs_api {
namespace {

nlohmann::json ParsedOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  auto json = nlohmann::json::parse(text, nullptr, false);
  return json.is_discarded() ? nlohmann::json(nullptr) : json;
}

}  // namespace

nlohmann::json JobJson(const Services& services, const store::JobRow& job) {
  nlohmann::json json = {
      {"id", job.id},
      {"project_id",
       job.project_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.project_id)},
      {"kind", job.kind},
      {"state", job.state},
      {"created_at", job.created_at},
      {"started_at", job.started_at ? nlohmann::json(*job.started_at) : nullptr},
      {"finished_at", job.finished_at ? nlohmann::json(*job.finished_at) : nullptr},
      {"cancel_requested", job.cancel_requested},
      {"options", ParsedOrNull(job.options)},
      {"result", ParsedOrNull(job.result)},
      {"error", job.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.error)}};
  const auto progress = services.pipeline->jobs.LastEvent(job.id, "progress");
  json["progress"] = progress ? ParsedOrNull(progress->data) : nlohmann::json(nullptr);
  json["last_event_id"] = services.pipeline->jobs.LastSeq(job.id);
  return json;
}

http::Response QueueJob(const Services& services, store::JobRow job) {
  job.id = pipeline::NewId("job");
  job.state = "queued";
  job.created_at = auth::SystemClockSeconds();
  const store::JobCreation creation = services.pipeline->jobs.CreateJob(
      job, nlohmann::json{{"state", "queued"}}.dump(), services.pipeline->max_queued_jobs_per_user);
  switch (creation.outcome) {
    case store::JobCreation::Outcome::kCreated:
      break;
    case store::JobCreation::Outcome::kProjectBusy:
      throw http::ApiError(409, "job_running", "Conflict",
                           "A job is already queued or running for this project (" +
                               creation.active_job_id + "); wait for it or cancel it.");
    case store::JobCreation::Outcome::kOwnerQueueFull:
      throw http::ApiError(429, "too_many_jobs", "Too Many Requests",
                           "You have " +
                               std::to_string(services.pipeline->max_queued_jobs_per_user) +
                               " jobs waiting to run, the most allowed; wait for some to start "
                               "or cancel them.")
          .WithHeader("Retry-After", "30");
  }
  services.pipeline->runner.Wake();
  http::Response response = http::Response::Json(202, JobJson(services, job).dump());
  response.headers.Set("Location", "/api/jobs/" + job.id);
  return response;
}

http::Handler StartGeneration(const Services& services) {
  return [&services](const http::Request& request) {
    const backlog::Project project = OwnedProject(services, request, request.PathParam("id"));
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
    if (!replace && !services.pipeline->projects.Nodes(project.id).empty()) {
      throw http::ApiError(409, "backlog_exists", "Conflict",
                           "The project already has a backlog; send {\"replace\": true} to "
                           "generate a new one in its place.");
    }
    store::JobRow job;
    job.project_id = project.id;
    job.owner_id = request.principal->user_id;
    job.kind = "generate";
    job.options = nlohmann::json{{"replace", replace}}.dump();
    return QueueJob(services, std::move(job));
  };
}

http::Handler GetJob(const Services& services) {
  return [&services](const http::Request& request) {
    return http::Response::Json(
        200, JobJson(services, OwnedJob(services, request, request.PathParam("id"))).dump());
  };
}

http::Handler CancelJob(const Services& services) {
  return [&services](const http::Request& request) {
    const store::JobRow job = OwnedJob(services, request, request.PathParam("id"));
    if (store::IsFinalJobState(job.state)) {
      throw http::ApiError(409, "job_finished", "Conflict",
                           "The job has already finished (" + job.state + ").");
    }
    services.pipeline->jobs.RequestCancel(job.id, request.principal->user_id,
                                          auth::SystemClockSeconds());
    services.pipeline->bus.Notify(job.id);
    const auto updated = services.pipeline->jobs.FindJob(job.id, request.principal->user_id);
    return http::Response::Json(202, JobJson(services, *updated).dump());
  };
}

http::Handler ListProjectJobs(const Services& services) {
  return [&services](const http::Request& request) {
    const backlog::Project project = OwnedProject(services, request, request.PathParam("id"));
    nlohmann::json jobs = nlohmann::json::array();
    for (const auto& job :
         services.pipeline->jobs.ListJobs(project.id, request.principal->user_id, 50, 0)) {
      jobs.push_back(
          {{"id", job.id},
           {"kind", job.kind},
           {"state", job.state},
           {"created_at", job.created_at},
           {"finished_at", job.finished_at ? nlohmann::json(*job.finished_at) : nullptr},
           {"error", job.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(job.error)}});
    }
    return http::Response::Json(200, nlohmann::json{{"jobs", jobs}}.dump());
  };
}

http::Handler JobEvents(const Services& services) {
  return [&services](const http::Request& request) {
    const store::JobRow job = OwnedJob(services, request, request.PathParam("id"));
    // EventSource resends the id of the last event it saw; so may any other client.
    std::int64_t after = 0;
    if (const auto last = request.headers.Find("Last-Event-ID")) {
      const auto [end, error] = std::from_chars(last->data(), last->data() + last->size(), after);
      if (error != std::errc{} || end != last->data() + last->size() || after < 0) after = 0;
    }
    const std::int64_t user_id = request.principal->user_id;
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
    response.stream = JobEventStream(services.pipeline->jobs, services.pipeline->bus, job.id, after,
                                     std::move(still_authorized), std::move(*permit));
    return response;
  };
}

}  // namespace api::jobs_api
