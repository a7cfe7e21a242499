#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/job_types.hpp"

namespace store {

struct ProjectRow {
  std::string id;
  std::int64_t owner_id = 0;
  std::string name;
  std::string data;  // JSON
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NodeRow {
  std::string id;
  std::string project_id;
  std::string parent_id;  // empty for epics
  std::string kind;
  std::int64_t position = 0;
  std::string data;  // JSON of the node's own fields
  std::string job_id;
};

struct JobRow {
  std::string id;
  std::string project_id;
  std::int64_t owner_id = 0;
  JobKind kind = JobKind::kGenerate;
  JobState state = JobState::kQueued;
  std::string options;  // JSON
  std::string result;   // JSON, when finished
  std::string error;
  bool cancel_requested = false;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> started_at;
  std::optional<std::int64_t> finished_at;
};

// A change to a backlog that is made only while no job of its project is queued or running,
// checked in the same transaction as the change (so no job can start in between).
struct IdleChange {
  enum class Outcome { kDone, kMissing, kProjectBusy };
  Outcome outcome = Outcome::kDone;
  std::string active_job_id;  // kProjectBusy: the job that changes the backlog now
};

struct JobCreation {
  enum class Outcome { kCreated, kProjectBusy, kOwnerQueueFull };
  Outcome outcome = Outcome::kCreated;
  std::string active_job_id;  // kProjectBusy: the project's queued or running job
};

// What one job step changes in a backlog tree; written together with the step's completion.
struct TreeChanges {
  std::vector<NodeRow> inserted;
  std::vector<NodeRow> updated;      // new data for existing nodes, by id
  std::vector<std::string> cleared;  // nodes whose children (and their subtrees) are deleted
};

struct EventRow {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string type;
  std::string data;  // JSON
};

// Projects and their backlog trees. Every read and change names the owner: another user's
// project does not exist for the caller.
class ProjectStore {
 public:
  virtual ~ProjectStore() = default;
  virtual void CreateProject(const ProjectRow& project) = 0;
  virtual std::optional<ProjectRow> FindProject(std::string_view id, std::int64_t owner_id) = 0;
  virtual std::vector<ProjectRow> ListProjects(std::int64_t owner_id, std::int64_t limit,
                                               std::int64_t offset) = 0;
  virtual std::int64_t CountProjects(std::int64_t owner_id) = 0;
  virtual bool UpdateProject(std::string_view id, std::int64_t owner_id, std::string_view name,
                             std::string_view data, std::int64_t now) = 0;
  // Deletes the project, its backlog and its jobs (see IdleChange).
  virtual IdleChange DeleteProjectIfIdle(std::string_view id, std::int64_t owner_id) = 0;

  virtual std::vector<NodeRow> Nodes(std::string_view project_id) = 0;
  // The node, if its project belongs to the owner.
  virtual std::optional<NodeRow> FindNode(std::string_view node_id, std::int64_t owner_id) = 0;
  // For the job that owns the backlog at the time.
  virtual bool UpdateNode(std::string_view node_id, std::string_view data, std::int64_t now) = 0;
  // For people editing the backlog: see IdleChange.
  virtual IdleChange UpdateNodeIfIdle(std::string_view node_id, std::string_view data,
                                      std::int64_t now) = 0;
  // Deletes the node and everything under it (see IdleChange).
  virtual IdleChange DeleteNodeIfIdle(std::string_view node_id) = 0;
  // Deletes the project's whole backlog (a new generation replaces it).
  virtual void ClearNodes(std::string_view project_id) = 0;
};

// Per-user preferences (JSON), e.g. default work-item limits.
class PreferenceStore {
 public:
  virtual ~PreferenceStore() = default;
  virtual std::optional<std::string> Preferences(std::int64_t user_id) = 0;
  virtual void SavePreferences(std::int64_t user_id, std::string_view data, std::int64_t now) = 0;
};

struct JobCount {
  JobKind kind = JobKind::kGenerate;
  JobState state = JobState::kQueued;
  std::int64_t jobs = 0;
};

// Jobs, their steps, leases and event logs.
class JobStore {
 public:
  virtual ~JobStore() = default;
  // Creates the job with its first event, unless the job's project already has a queued or
  // running job, or the owner already has `max_queued_per_owner` queued jobs (0: no cap). Both
  // are checked in the same transaction as the insert, so two requests cannot both pass.
  virtual JobCreation CreateJob(const JobRow& job, std::string_view first_event_data,
                                std::int64_t max_queued_per_owner) = 0;
  virtual std::optional<JobRow> FindJob(std::string_view id, std::int64_t owner_id) = 0;
  virtual std::optional<JobRow> Job(std::string_view id) = 0;
  virtual std::vector<JobRow> ListJobs(std::string_view project_id, std::int64_t owner_id,
                                       std::int64_t limit, std::int64_t offset) = 0;
  // Whether the project has a job that is queued or running.
  virtual std::optional<std::string> ActiveJob(std::string_view project_id) = 0;

  // Takes a job for `lease_seconds`: first a running one whose lease expired (its worker died),
  // then a queued one of the owner with the fewest running jobs, oldest first; so one user's
  // queue cannot hold back everyone else's. nullopt when there is none.
  virtual std::optional<JobRow> ClaimJob(std::string_view worker, std::int64_t now,
                                         std::int64_t lease_seconds) = 0;
  // False when the lease was lost (another worker took the job).
  virtual bool RenewLease(std::string_view job_id, std::string_view worker, std::int64_t now,
                          std::int64_t lease_seconds) = 0;
  // Asks a queued or running job to stop; a queued one is cancelled at once (with its final
  // event). False when the job is not the owner's or already finished.
  virtual bool RequestCancel(std::string_view job_id, std::int64_t owner_id, std::int64_t now) = 0;
  virtual bool CancelRequested(std::string_view job_id) = 0;

  // Finished steps and their state ("done" or "failed").
  virtual std::map<std::string, std::string> Steps(std::string_view job_id) = 0;
  // In one transaction: the step's tree changes, its completion, and its events (returns their
  // seqs).
  virtual std::vector<std::int64_t> CommitStep(std::string_view job_id, std::string_view step_id,
                                               std::string_view state, std::string_view detail,
                                               const TreeChanges& changes,
                                               const std::vector<EventRow>& events,
                                               std::int64_t now) = 0;
  // The job's final (or new) state with an event, in one transaction; releases the lease when
  // the state is final.
  virtual std::int64_t SetState(std::string_view job_id, JobState state, std::string_view result,
                                std::string_view error, const EventRow& event,
                                std::int64_t now) = 0;
  virtual std::int64_t AppendEvent(std::string_view job_id, const EventRow& event) = 0;
  virtual std::vector<EventRow> Events(std::string_view job_id, std::int64_t after_seq,
                                       std::int64_t limit) = 0;
  // The newest event of a type (and the newest event id), for status answers.
  virtual std::optional<EventRow> LastEvent(std::string_view job_id, std::string_view type) = 0;
  virtual std::int64_t LastSeq(std::string_view job_id) = 0;

  // For metrics: every job by kind and state, and the steps finished, database-wide.
  virtual std::vector<JobCount> CountJobs() = 0;
  virtual std::int64_t CountFinishedSteps() = 0;
};

}  // namespace store
