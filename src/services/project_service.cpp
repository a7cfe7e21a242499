#include "services/project_service.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "backlog/json_mapping.hpp"
#include "backlog/project_rules.hpp"
#include "pipeline/tree_rows.hpp"
#include "services/service_error.hpp"

namespace services {
namespace {

ServiceError NoSuchProject() { return ServiceError::NotFound("No such project."); }

// Applies the present fields to `project`, each checked by the rules the CLI's vision files
// follow too.
void Apply(const ProjectFields& fields, backlog::Project& project) {
  if (fields.name) {
    if (auto problem = backlog::ProjectNameProblem(*fields.name)) {
      throw ServiceError::Invalid("name", *problem);
    }
    project.name = *fields.name;
  }
  if (fields.domains) {
    if (auto problem = backlog::DomainsProblem(*fields.domains)) {
      const bool unknown = problem->starts_with("Unknown");
      throw ServiceError::Invalid("domains", *problem + (unknown ? " See GET /api/domains." : ""));
    }
    project.domains = backlog::UniqueDomains(*fields.domains);
  }
  if (fields.vision) {
    if (auto problem = backlog::VisionProblem(*fields.vision)) {
      throw ServiceError::Invalid("vision", *problem);
    }
    project.vision = *fields.vision;
  }
  if (fields.target_users) {
    if (auto problem = backlog::TargetUsersProblem(*fields.target_users)) {
      throw ServiceError::Invalid("target_users", *problem);
    }
    project.target_users = *fields.target_users;
  }
  if (fields.limits) {
    if (auto problem = backlog::ValidateLimits(*fields.limits)) {
      throw ServiceError::Invalid("limits", *problem);
    }
    project.limits = *fields.limits;
  }
  if (fields.include_test_artifacts)
    project.include_test_artifacts = *fields.include_test_artifacts;
}

ServiceError JobRunning(const std::string& job_id) {
  return {ErrorKind::kConflict, "job_running",
          "A job is running for this project; cancel it first (job " + job_id + ")."};
}

}  // namespace

std::int64_t SystemSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

backlog::Project ProjectFromRow(const store::ProjectRow& row) {
  backlog::Project project = backlog::ProjectFromJson(nlohmann::json::parse(row.data));
  project.id = row.id;
  project.owner_id = row.owner_id;
  project.created_at = row.created_at;
  project.updated_at = row.updated_at;
  return project;
}

store::ProjectRow ProjectToRow(const backlog::Project& project) {
  return {project.id,         project.owner_id,  project.name, backlog::ToJson(project).dump(),
          project.created_at, project.updated_at};
}

ProjectService::ProjectService(store::ProjectStore& projects, store::JobStore& jobs,
                               store::PreferenceStore& preferences, WallClock clock)
    : projects_(projects), jobs_(jobs), preferences_(preferences), clock_(std::move(clock)) {}

backlog::Project ProjectService::Create(std::int64_t owner, const ProjectFields& fields) {
  backlog::Project project;
  project.limits = DefaultLimits(owner);
  Apply(fields, project);
  if (!fields.name) throw ServiceError::Invalid("name", "Required.");
  if (!fields.domains) throw ServiceError::Invalid("domains", "Choose one to three domains.");
  if (!fields.vision) throw ServiceError::Invalid("vision", "Required.");
  const std::int64_t now = clock_();
  project.id = pipeline::NewId("proj");
  project.owner_id = owner;
  project.created_at = now;
  project.updated_at = now;
  projects_.CreateProject(ProjectToRow(project));
  return project;
}

backlog::Project ProjectService::Get(std::int64_t owner, std::string_view id) {
  const auto row = projects_.FindProject(id, owner);
  if (!row) throw NoSuchProject();
  return ProjectFromRow(*row);
}

std::optional<std::string> ProjectService::ActiveJob(std::string_view project_id) {
  return jobs_.ActiveJob(project_id);
}

ProjectPage ProjectService::List(std::int64_t owner, std::int64_t page, std::int64_t per_page) {
  ProjectPage result;
  for (const auto& row : projects_.ListProjects(owner, per_page, (page - 1) * per_page)) {
    result.projects.push_back(ProjectFromRow(row));
  }
  result.total = projects_.CountProjects(owner);
  return result;
}

backlog::Project ProjectService::Update(std::int64_t owner, std::string_view id,
                                        const ProjectFields& fields) {
  backlog::Project project = Get(owner, id);
  Apply(fields, project);
  project.updated_at = clock_();
  if (!projects_.UpdateProject(project.id, owner, project.name, ProjectToRow(project).data,
                               project.updated_at)) {
    throw NoSuchProject();  // deleted meanwhile
  }
  return project;
}

void ProjectService::Delete(std::int64_t owner, std::string_view id) {
  const store::IdleChange change = projects_.DeleteProjectIfIdle(id, owner);
  switch (change.outcome) {
    case store::IdleChange::Outcome::kDone:
      return;
    case store::IdleChange::Outcome::kMissing:
      throw NoSuchProject();
    case store::IdleChange::Outcome::kProjectBusy:
      // Only the owner may learn that a job runs: check ownership before saying so.
      Get(owner, id);
      throw JobRunning(change.active_job_id);
  }
}

backlog::WorkItemLimits ProjectService::DefaultLimits(std::int64_t owner) {
  const auto stored = preferences_.Preferences(owner);
  if (!stored) return {};
  const auto data = nlohmann::json::parse(*stored, nullptr, false);
  if (data.is_discarded() || !data.contains("limits")) return {};
  try {
    return backlog::WorkItemLimitsFromJson(data["limits"]);
  } catch (const std::exception&) {
    return {};  // stored before a rule changed: the built-in defaults apply
  }
}

void ProjectService::SaveDefaultLimits(std::int64_t owner, const backlog::WorkItemLimits& limits) {
  if (auto problem = backlog::ValidateLimits(limits)) {
    throw ServiceError::Invalid("limits", *problem);
  }
  preferences_.SavePreferences(owner, nlohmann::json{{"limits", backlog::ToJson(limits)}}.dump(),
                               clock_());
}

}  // namespace services
