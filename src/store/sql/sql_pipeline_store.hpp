#pragma once

#include <functional>

#include "store/pipeline_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

class SqlPipelineStore final : public ProjectStore, public JobStore, public PreferenceStore {
 public:
  explicit SqlPipelineStore(Database& database) : database_(database) {}

  void CreateProject(const ProjectRow& project) override;
  std::optional<ProjectRow> FindProject(std::string_view id, std::int64_t owner_id) override;
  std::vector<ProjectRow> ListProjects(std::int64_t owner_id, std::int64_t limit,
                                       std::int64_t offset) override;
  std::int64_t CountProjects(std::int64_t owner_id) override;
  bool UpdateProject(std::string_view id, std::int64_t owner_id, std::string_view name,
                     std::string_view data, std::int64_t now) override;
  IdleChange DeleteProjectIfIdle(std::string_view id, std::int64_t owner_id) override;
  std::vector<NodeRow> Nodes(std::string_view project_id) override;
  std::optional<NodeRow> FindNode(std::string_view node_id, std::int64_t owner_id) override;
  bool UpdateNode(std::string_view node_id, std::string_view data, std::int64_t now) override;
  IdleChange UpdateNodeIfIdle(std::string_view node_id, std::string_view data,
                              std::int64_t now) override;
  IdleChange DeleteNodeIfIdle(std::string_view node_id) override;
  void ClearNodes(std::string_view project_id) override;

  JobCreation CreateJob(const JobRow& job, std::string_view first_event_data,
                        std::int64_t max_queued_per_owner) override;
  std::optional<JobRow> FindJob(std::string_view id, std::int64_t owner_id) override;
  std::optional<JobRow> Job(std::string_view id) override;
  std::vector<JobRow> ListJobs(std::string_view project_id, std::int64_t owner_id,
                               std::int64_t limit, std::int64_t offset) override;
  std::optional<std::string> ActiveJob(std::string_view project_id) override;
  std::optional<JobRow> ClaimJob(std::string_view worker, std::int64_t now,
                                 std::int64_t lease_seconds) override;
  bool RenewLease(std::string_view job_id, std::string_view worker, std::int64_t now,
                  std::int64_t lease_seconds) override;
  bool RequestCancel(std::string_view job_id, std::int64_t owner_id, std::int64_t now) override;
  bool CancelRequested(std::string_view job_id) override;
  std::map<std::string, std::string> Steps(std::string_view job_id) override;
  std::vector<std::int64_t> CommitStep(std::string_view job_id, std::string_view step_id,
                                       std::string_view state, std::string_view detail,
                                       const TreeChanges& changes,
                                       const std::vector<EventRow>& events,
                                       std::int64_t now) override;
  std::int64_t SetState(std::string_view job_id, JobState state, std::string_view result,
                        std::string_view error, const EventRow& event, std::int64_t now) override;
  std::int64_t AppendEvent(std::string_view job_id, const EventRow& event) override;
  std::vector<EventRow> Events(std::string_view job_id, std::int64_t after_seq,
                               std::int64_t limit) override;
  std::optional<EventRow> LastEvent(std::string_view job_id, std::string_view type) override;
  std::int64_t LastSeq(std::string_view job_id) override;
  std::vector<JobCount> CountJobs() override;
  std::int64_t CountFinishedSteps() override;

  std::optional<std::string> Preferences(std::int64_t user_id) override;
  void SavePreferences(std::int64_t user_id, std::string_view data, std::int64_t now) override;

 private:
  // Runs `change_node` in a transaction that first checks the node's project is idle.
  IdleChange ChangeNodeIfIdle(std::string_view node_id,
                              const std::function<void(Connection&)>& change_node);

  Database& database_;
};

}  // namespace store::sql
