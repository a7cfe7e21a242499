#include "api/projects_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "api/project_access.hpp"
#include "auth/auth_service.hpp"
#include "backlog/domains.hpp"
#include "backlog/json_mapping.hpp"
#include "backlog/limits.hpp"
#include "backlog/project_rules.hpp"
#include "http/api_error.hpp"
#include "pipeline/tree_rows.hpp"

namespace api::projects_api {
namespace {

backlog::WorkItemLimits DefaultLimits(const Services& services, std::int64_t user_id) {
  const auto stored = services.pipeline->preferences.Preferences(user_id);
  if (stored) {
    const auto data = nlohmann::json::parse(*stored, nullptr, false);
    if (!data.is_discarded() && data.contains("limits")) {
      try {
        return backlog::WorkItemLimitsFromJson(data["limits"]);
      } catch (const std::exception&) {
        // Stored before a rule changed: fall back to the built-in defaults.
      }
    }
  }
  return {};
}

backlog::WorkItemLimits ParseLimits(const nlohmann::json& json) {
  backlog::WorkItemLimits limits;
  try {
    limits = backlog::WorkItemLimitsFromJson(json);
  } catch (const std::invalid_argument& error) {
    throw Invalid("limits", error.what());
  }
  if (auto problem = backlog::ValidateLimits(limits)) throw Invalid("limits", *problem);
  return limits;
}

// Applies the fields present in `body` to `project`, validating each.
void ApplyFields(const nlohmann::json& body, backlog::Project& project) {
  if (auto name = OptionalString(body, "name", 2 * backlog::kMaxProjectNameChars)) {
    if (auto problem = backlog::ProjectNameProblem(*name)) throw Invalid("name", *problem);
    project.name = *name;
  }
  if (const auto it = body.find("domains"); it != body.end()) project.domains = ParseDomains(*it);
  if (auto vision = OptionalString(body, "vision", kMaxVisionBytes))
    project.vision = CheckVision(*vision);
  if (auto users = OptionalString(body, "target_users", backlog::kMaxTargetUsersBytes))
    project.target_users = *users;
  if (const auto it = body.find("limits"); it != body.end() && !it->is_null()) {
    project.limits = ParseLimits(*it);
  }
  if (const auto it = body.find("include_test_artifacts"); it != body.end() && !it->is_null()) {
    if (!it->is_boolean()) throw Invalid("include_test_artifacts", "Must be true or false.");
    project.include_test_artifacts = it->get<bool>();
  }
}

nlohmann::json ProjectJson(const backlog::Project& project) { return backlog::ToJson(project); }

std::int64_t Number(const http::Request& request, std::string_view name, std::int64_t fallback,
                    std::int64_t min, std::int64_t max) {
  const auto text = request.QueryParam(name);
  if (!text) return fallback;
  std::int64_t value = 0;
  const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (error != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
    throw http::BadRequestError("invalid_query", std::string(name) + " must be a number from " +
                                                     std::to_string(min) + " to " +
                                                     std::to_string(max) + ".");
  }
  return value;
}

}  // namespace

http::Handler CreateProject(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const nlohmann::json body = JsonObjectBody(request);
    backlog::Project project;
    project.limits = DefaultLimits(services, user);
    ApplyFields(body, project);
    if (project.name.empty()) throw Invalid("name", "Required.");
    if (project.domains.empty()) throw Invalid("domains", "Choose one to three domains.");
    if (project.vision.empty()) throw Invalid("vision", "Required.");
    const std::int64_t now = auth::SystemClockSeconds();
    project.id = pipeline::NewId("proj");
    project.owner_id = user;
    project.created_at = now;
    project.updated_at = now;
    services.pipeline->projects.CreateProject(
        {project.id, user, project.name, ProjectJson(project).dump(), now, now});
    http::Response response = http::Response::Json(201, ProjectJson(project).dump());
    response.headers.Set("Location", "/api/projects/" + project.id);
    return response;
  };
}

http::Handler ListProjects(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const std::int64_t page = Number(request, "page", 1, 1, 1'000'000);
    const std::int64_t limit = Number(request, "limit", 20, 1, 100);
    nlohmann::json projects = nlohmann::json::array();
    for (const auto& row :
         services.pipeline->projects.ListProjects(user, limit, (page - 1) * limit)) {
      const backlog::Project project = ProjectFromRow(row);
      projects.push_back({{"id", project.id},
                          {"name", project.name},
                          {"domains", project.domains},
                          {"created_at", project.created_at},
                          {"updated_at", project.updated_at}});
    }
    const nlohmann::json body = {{"projects", projects},
                                 {"total", services.pipeline->projects.CountProjects(user)},
                                 {"page", page},
                                 {"limit", limit}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler GetProject(const Services& services) {
  return [&services](const http::Request& request) {
    const auto row = services.pipeline->projects.FindProject(request.PathParam("id"),
                                                             request.principal->user_id);
    if (!row) throw http::NotFoundError("No such project.");
    nlohmann::json body = ProjectJson(ProjectFromRow(*row));
    const auto active = services.pipeline->jobs.ActiveJob(row->id);
    body["active_job_id"] = active ? nlohmann::json(*active) : nullptr;
    return http::Response::Json(200, body.dump());
  };
}

http::Handler UpdateProject(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const auto row = services.pipeline->projects.FindProject(request.PathParam("id"), user);
    if (!row) throw http::NotFoundError("No such project.");
    backlog::Project project = ProjectFromRow(*row);
    ApplyFields(JsonObjectBody(request), project);
    project.updated_at = auth::SystemClockSeconds();
    services.pipeline->projects.UpdateProject(project.id, user, project.name,
                                              ProjectJson(project).dump(), project.updated_at);
    return http::Response::Json(200, ProjectJson(project).dump());
  };
}

http::Handler DeleteProject(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const std::string id(request.PathParam("id"));
    if (!services.pipeline->projects.FindProject(id, user))
      throw http::NotFoundError("No such project.");
    if (const auto active = services.pipeline->jobs.ActiveJob(id)) {
      throw http::ApiError(
          409, "job_running", "Conflict",
          "A job is running for this project; cancel it first (job " + *active + ").");
    }
    services.pipeline->projects.DeleteProject(id, user);
    http::Response response;
    response.status = 204;
    return response;
  };
}

http::Handler ListDomains(const Services&) {
  nlohmann::json domains = nlohmann::json::array();
  for (const auto& domain : backlog::Domains()) {
    domains.push_back(
        {{"key", domain.key}, {"name", domain.display_name}, {"description", domain.description}});
  }
  auto body = std::make_shared<const std::string>(nlohmann::json{{"domains", domains}}.dump());
  return [body](const http::Request&) { return http::Response::Json(200, *body); };
}

http::Handler GetLimits(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body = {
        {"limits", backlog::ToJson(DefaultLimits(services, request.principal->user_id))}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler PutLimits(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body = JsonObjectBody(request);
    const auto it = body.find("limits");
    if (it == body.end()) throw Invalid("limits", "Required.");
    const backlog::WorkItemLimits limits = ParseLimits(*it);
    services.pipeline->preferences.SavePreferences(
        request.principal->user_id, nlohmann::json{{"limits", backlog::ToJson(limits)}}.dump(),
        auth::SystemClockSeconds());
    return http::Response::Json(200, nlohmann::json{{"limits", backlog::ToJson(limits)}}.dump());
  };
}

}  // namespace api::projects_api
