#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "backlog/limits.hpp"
#include "backlog/model.hpp"
#include "store/pipeline_store.hpp"

namespace services {

// Unix seconds; injected so tests can set the time.
using WallClock = std::function<std::int64_t()>;
std::int64_t SystemSeconds();

// The fields of a project a person sets. Absent fields keep their value (or, for a new project,
// their default); each present one is checked by the project rules.
struct ProjectFields {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> domains;
  std::optional<std::string> vision;
  std::optional<std::string> target_users;
  std::optional<backlog::WorkItemLimits> limits;
  std::optional<bool> include_test_artifacts;
};

struct ProjectPage {
  std::vector<backlog::Project> projects;  // newest first
  std::int64_t total = 0;
};

// A project as stored, and as the domain sees it.
backlog::Project ProjectFromRow(const store::ProjectRow& row);
store::ProjectRow ProjectToRow(const backlog::Project& project);

// Projects and their owners' default limits. Every method names the caller: another user's
// project does not exist for them (ServiceError kNotFound, like a missing one).
class ProjectService {
 public:
  ProjectService(store::ProjectStore& projects, store::JobStore& jobs,
                 store::PreferenceStore& preferences, WallClock clock = SystemSeconds);

  // Name, domains and vision are required; limits default to the owner's saved defaults.
  backlog::Project Create(std::int64_t owner, const ProjectFields& fields);
  backlog::Project Get(std::int64_t owner, std::string_view id);
  // The job that is queued or running for the project, if any.
  std::optional<std::string> ActiveJob(std::string_view project_id);
  // `page` counts from 1.
  ProjectPage List(std::int64_t owner, std::int64_t page, std::int64_t per_page);
  backlog::Project Update(std::int64_t owner, std::string_view id, const ProjectFields& fields);
  // The project, its backlog and its jobs; refused (kConflict) while a job runs for it.
  void Delete(std::int64_t owner, std::string_view id);

  // The limits new projects of the owner start with (the built-in ones until they save some).
  backlog::WorkItemLimits DefaultLimits(std::int64_t owner);
  void SaveDefaultLimits(std::int64_t owner, const backlog::WorkItemLimits& limits);

 private:
  store::ProjectStore& projects_;
  store::JobStore& jobs_;
  store::PreferenceStore& preferences_;
  WallClock clock_;
};

}  // namespace services
