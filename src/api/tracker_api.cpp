#include "api/tracker_api.hpp"

#include <spdlog/spdlog.h>

#include <memory>
#include <nlohmann/json.hpp>

#include "api/error_mapping.hpp"
#include "api/jobs_api.hpp"
#include "api/json_body.hpp"
#include "api/request_fields.hpp"
#include "http/pending_response.hpp"
#include "services/service_error.hpp"

namespace api::tracker_api {
namespace {

nlohmann::json SettingsJson(const services::TrackerSettings& settings) {
  return {{"organization_url", settings.organization_url},
          {"project", settings.project},
          {"area_path", settings.area_path},
          {"iteration_path", settings.iteration_path},
          {"pat", settings.pat_set ? "set" : "not set"},
          {"source", settings.source}};
}

services::TrackerSettingsUpdate UpdateFrom(const nlohmann::json& body) {
  services::TrackerSettingsUpdate update;
  update.organization_url = OptionalString(body, "organization_url", 512);
  update.project = OptionalString(body, "project", 256);
  update.area_path = OptionalString(body, "area_path", 1024);
  update.iteration_path = OptionalString(body, "iteration_path", 1024);
  update.pat = OptionalString(body, "pat", 512);
  return update;
}

bool OptionalFlag(const nlohmann::json& body, const char* field) {
  return OptionalBool(body, field).value_or(false);
}

nlohmann::json CheckJson(const services::ConnectionTest& test) {
  const tracker::ConnectionCheck& check = test.check;
  nlohmann::json json = {
      {"ok", check.ok},
      {"message", check.ok ? "Connected to Azure DevOps project \"" + check.project_name + "\"."
                           : check.message},
      {"tested", SettingsJson(test.tested)}};
  if (!check.ok) {
    json["problem"] = check.problem;
    return json;
  }
  json["project"] = {{"id", check.project_id}, {"name", check.project_name}};
  const tracker::ProcessMap& process = *check.process;
  json["process"] = {
      {"name", process.process},
      {"types",
       {{"epic", process.epic.name},
        {"feature", process.feature.name},
        {"story", process.requirement.name},
        {"task", process.task.name},
        {"test_case", process.test_case.name.empty() ? nlohmann::json(nullptr)
                                                     : nlohmann::json(process.test_case.name)}}},
      {"story_estimate_field", process.estimate_field},
      {"task_original_estimate", process.task.Has(tracker::field::kOriginalEstimate)},
      {"notes", process.notes}};
  json["test_plans"] = check.test_plans;
  json["area_paths"] = check.area_paths;
  json["iteration_paths"] = check.iteration_paths;
  json["created_paths"] = test.created_paths;
  json["warnings"] = check.warnings;
  return json;
}

nlohmann::json PushJson(const store::PushRow& push) {
  nlohmann::json counts = nlohmann::json::object();
  std::int64_t total = 0;
  for (const auto& [state, count] : push.counts) {
    counts[state] = count;
    total += count;
  }
  counts["total"] = total;
  nlohmann::json target;
  try {
    target = nlohmann::json::parse(push.target);
  } catch (const std::exception&) {
    target = nullptr;
  }
  return {{"id", push.id},    {"project_id", push.project_id}, {"job_id", push.job_id},
          {"tag", push.tag},  {"state", push.state},           {"target", target},
          {"counts", counts}, {"created_at", push.created_at}, {"updated_at", push.updated_at}};
}

http::Response PushAccepted(const Services& services, const services::PushStart& start) {
  nlohmann::json body = jobs_api::JobJson(services.jobs.StatusOf(start.job));
  body["push_id"] = start.push_id;
  body["items"] = start.items;
  http::Response response = http::Response::Json(202, body.dump());
  response.headers.Set("Location", "/api/jobs/" + start.job.id);
  return response;
}

}  // namespace

http::Handler GetUserSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const services::TrackerSettings& server = services.tracker.service.ServerDefaults();
    const nlohmann::json body = {
        {"settings", SettingsJson(services.tracker.service.UserSettings(user))},
        {"server_default",
         server.organization_url.empty() ? nlohmann::json(nullptr) : SettingsJson(server)}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler PutUserSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const auto saved = services.tracker.service.SaveUserSettings(
        request.principal->user_id, UpdateFrom(JsonObjectBody(request)));
    return http::Response::Json(200, nlohmann::json{{"settings", SettingsJson(saved)}}.dump());
  };
}

http::Handler GetProjectSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const std::string_view project = request.PathParam("id");
    const auto own = services.tracker.service.ProjectSettings(user, project);
    const nlohmann::json body = {
        {"settings", own ? SettingsJson(*own) : nlohmann::json(nullptr)},
        {"effective", SettingsJson(services.tracker.service.EffectiveSettings(user, project))}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler PutProjectSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const auto saved = services.tracker.service.SaveProjectSettings(
        request.principal->user_id, request.PathParam("id"), UpdateFrom(JsonObjectBody(request)));
    return http::Response::Json(200, nlohmann::json{{"settings", SettingsJson(saved)}}.dump());
  };
}

http::Handler DeleteProjectSettings(const Services& services) {
  return [&services](const http::Request& request) {
    services.tracker.service.ClearProjectSettings(request.principal->user_id,
                                                  request.PathParam("id"));
    http::Response response;
    response.status = 204;
    return response;
  };
}

http::Handler TestConnection(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body =
        request.body.empty() ? nlohmann::json::object() : JsonObjectBody(request);
    const std::int64_t user = request.principal->user_id;
    const std::string project = OptionalString(body, "project_id", 64).value_or("");
    services::TrackerSettingsUpdate overrides = UpdateFrom(body);
    const bool create_paths = OptionalFlag(body, "create_missing_paths");
    auto permit = services.tracker.tests_per_user.TryAcquire(std::to_string(user));
    if (!permit) {
      throw services::ServiceError(services::ErrorKind::kTooMany, "too_many_checks",
                                   "A connection test of yours is still running; wait for it.", {},
                                   5);
    }
    // Azure DevOps answers in seconds: the calls run on the call pool, not on this worker.
    auto pending = std::make_shared<http::PendingResponse>();
    // Shared by every copy of the task; emptied (the slot freed) before the answer leaves.
    auto held = std::make_shared<std::optional<http::ConcurrencyQuota::Permit>>(std::move(permit));
    const bool queued = services.tracker.calls.Submit(
        {[&services, pending, held, user, project, overrides,
          create_paths](const std::atomic<bool>& cancelled) {
           // A next test sent right after this answer must not find the slot still taken.
           const auto complete = [&](http::Response response) {
             held->reset();
             pending->Complete(std::move(response));
           };
           try {
             const services::ConnectionTest test = services.tracker.service.TestConnection(
                 user, project, overrides, create_paths, &cancelled);
             complete(http::Response::Json(200, CheckJson(test).dump()));
           } catch (const services::ServiceError& error) {
             complete(http::ProblemResponse(ToApiError(error)));
           } catch (const std::exception& error) {
             spdlog::error("a tracker connection test failed: {}", error.what());
             complete(http::ProblemResponse(http::ApiError(
                 500, "internal_error", "Internal Server Error",
                 "The connection could not be tested; the service's log has details.")));
           }
         },
         [pending] {
           pending->Complete(http::ProblemResponse(http::ApiError(
               503, "shutting_down", "Service Unavailable", "The service is shutting down.")));
         }});
    if (!queued) {
      throw services::ServiceError(services::ErrorKind::kUnavailable, "server_busy",
                                   "Too many connection tests are waiting; retry shortly.", {}, 5);
    }
    return http::Response::Later(std::move(pending));
  };
}

http::Handler StartPush(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body =
        request.body.empty() ? nlohmann::json::object() : JsonObjectBody(request);
    return PushAccepted(services, services.tracker.service.StartPush(
                                      request.principal->user_id, request.PathParam("id"),
                                      OptionalFlag(body, "create_missing_paths")));
  };
}

http::Handler RetryPush(const Services& services) {
  return [&services](const http::Request& request) {
    return PushAccepted(services, services.tracker.service.RetryPush(request.principal->user_id,
                                                                     request.PathParam("id")));
  };
}

http::Handler ListPushes(const Services& services) {
  return [&services](const http::Request& request) {
    nlohmann::json pushes = nlohmann::json::array();
    for (const store::PushRow& push :
         services.tracker.service.ListPushes(request.principal->user_id, request.PathParam("id"))) {
      pushes.push_back(PushJson(push));
    }
    return http::Response::Json(200, nlohmann::json{{"pushes", pushes}}.dump());
  };
}

http::Handler GetPush(const Services& services) {
  return [&services](const http::Request& request) {
    const services::PushDetail detail = services.tracker.service.Push(
        request.principal->user_id, request.PathParam("id"), request.PathParam("push_id"));
    nlohmann::json body = PushJson(detail.push);
    nlohmann::json items = nlohmann::json::array();
    for (const services::PushItemView& item : detail.items) {
      nlohmann::json json = {
          {"node_id", item.row.node_id},
          {"kind", item.row.kind},
          {"title", item.title},
          {"state", store::PushItemStateName(item.row.state)},
          {"attempts", item.row.attempts},
          {"tracker_id",
           item.row.tracker_id ? nlohmann::json(*item.row.tracker_id) : nlohmann::json(nullptr)},
          {"url", item.row.tracker_url}};
      if (!item.row.last_error.empty()) json["error"] = item.row.last_error;
      items.push_back(std::move(json));
    }
    body["items"] = std::move(items);
    return http::Response::Json(200, body.dump());
  };
}

http::Handler CleanUpPush(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body =
        request.body.empty() ? nlohmann::json::object() : JsonObjectBody(request);
    return PushAccepted(services, services.tracker.service.CleanUpPush(
                                      request.principal->user_id, request.PathParam("id"),
                                      request.PathParam("push_id"),
                                      OptionalString(body, "confirm", 64).value_or("")));
  };
}

}  // namespace api::tracker_api
