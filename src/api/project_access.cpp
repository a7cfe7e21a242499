#include "api/project_access.hpp"

#include <nlohmann/json.hpp>

#include "backlog/json_mapping.hpp"
#include "http/api_error.hpp"

namespace api {

http::ApiError Invalid(const std::string& field, const std::string& message) {
  return http::ApiError(422, "validation_failed", "Unprocessable Content", message)
      .WithFieldError(field, message);
}

std::vector<std::string> ParseDomains(const nlohmann::json& value) {
  if (!value.is_array()) {
    throw Invalid("domains", "Choose one to three domains (the primary one first).");
  }
  std::vector<std::string> domains;
  for (const auto& domain : value) {
    if (!domain.is_string()) {
      throw Invalid("domains", "Unknown domain " + domain.dump() + "; see GET /api/domains.");
    }
    domains.push_back(domain.get<std::string>());
  }
  if (auto problem = backlog::DomainsProblem(domains)) {
    const bool unknown = problem->starts_with("Unknown");
    throw Invalid("domains", *problem + (unknown ? " See GET /api/domains." : ""));
  }
  return backlog::UniqueDomains(domains);
}

const std::string& CheckVision(const std::string& vision) {
  if (auto problem = backlog::VisionProblem(vision)) throw Invalid("vision", *problem);
  return vision;
}

backlog::Project ProjectFromRow(const store::ProjectRow& row) {
  backlog::Project project = backlog::ProjectFromJson(nlohmann::json::parse(row.data));
  project.id = row.id;
  project.owner_id = row.owner_id;
  project.created_at = row.created_at;
  project.updated_at = row.updated_at;
  return project;
}

backlog::Project OwnedProject(const Services& services, const http::Request& request,
                              std::string_view project_id) {
  const auto row = services.pipeline->projects.FindProject(project_id, request.principal->user_id);
  if (!row) throw http::NotFoundError("No such project.");
  return ProjectFromRow(*row);
}

store::JobRow OwnedJob(const Services& services, const http::Request& request,
                       std::string_view job_id) {
  const auto job = services.pipeline->jobs.FindJob(job_id, request.principal->user_id);
  if (!job) throw http::NotFoundError("No such job.");
  return *job;
}

}  // namespace api
