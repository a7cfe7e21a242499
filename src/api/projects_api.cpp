#include "api/projects_api.hpp"

#include <memory>
#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "api/request_fields.hpp"
#include "backlog/domains.hpp"
#include "backlog/json_mapping.hpp"

namespace api::projects_api {
namespace {

http::Response ProjectResponse(int status, const backlog::Project& project) {
  return http::Response::Json(status, backlog::ToJson(project).dump());
}

http::Response LimitsResponse(const backlog::WorkItemLimits& limits) {
  return http::Response::Json(200, nlohmann::json{{"limits", backlog::ToJson(limits)}}.dump());
}

}  // namespace

http::Handler CreateProject(const Services& services) {
  return [&services](const http::Request& request) {
    const services::ProjectFields fields = ProjectFieldsFrom(JsonObjectBody(request));
    const backlog::Project project = services.projects.Create(request.principal->user_id, fields);
    http::Response response = ProjectResponse(201, project);
    response.headers.Set("Location", "/api/projects/" + project.id);
    return response;
  };
}

http::Handler ListProjects(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t page = QueryNumber(request, "page", 1, 1, 1'000'000);
    const std::int64_t limit = QueryNumber(request, "limit", 20, 1, 100);
    const services::ProjectPage found =
        services.projects.List(request.principal->user_id, page, limit);
    nlohmann::json projects = nlohmann::json::array();
    for (const auto& project : found.projects) {
      projects.push_back({{"id", project.id},
                          {"name", project.name},
                          {"domains", project.domains},
                          {"created_at", project.created_at},
                          {"updated_at", project.updated_at}});
    }
    const nlohmann::json body = {
        {"projects", projects}, {"total", found.total}, {"page", page}, {"limit", limit}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler GetProject(const Services& services) {
  return [&services](const http::Request& request) {
    const backlog::Project project =
        services.projects.Get(request.principal->user_id, request.PathParam("id"));
    nlohmann::json body = backlog::ToJson(project);
    const auto active = services.projects.ActiveJob(project.id);
    body["active_job_id"] = active ? nlohmann::json(*active) : nullptr;
    return http::Response::Json(200, body.dump());
  };
}

http::Handler UpdateProject(const Services& services) {
  return [&services](const http::Request& request) {
    const services::ProjectFields fields = ProjectFieldsFrom(JsonObjectBody(request));
    return ProjectResponse(
        200, services.projects.Update(request.principal->user_id, request.PathParam("id"), fields));
  };
}

http::Handler DeleteProject(const Services& services) {
  return [&services](const http::Request& request) {
    services.projects.Delete(request.principal->user_id, request.PathParam("id"));
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
    return LimitsResponse(services.projects.DefaultLimits(request.principal->user_id));
  };
}

http::Handler PutLimits(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body = JsonObjectBody(request);
    const auto it = body.find("limits");
    if (it == body.end()) throw Invalid("limits", "Required.");
    const backlog::WorkItemLimits limits = LimitsFrom(*it);
    services.projects.SaveDefaultLimits(request.principal->user_id, limits);
    return LimitsResponse(limits);
  };
}

}  // namespace api::projects_api
