#include "store/sql/sql_pipeline_store.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "store/sql/job_rows.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_notification_store.hpp"

namespace store::sql {
namespace {

constexpr std::string_view kProjectColumns = "id, owner_id, name, data, created_at, updated_at";
constexpr std::string_view kNodeColumns =
    "id, project_id, coalesce(parent_id, ''), kind, position, data, coalesce(job_id, '')";
constexpr std::string_view kJobColumns =
    "id, coalesce(project_id, ''), owner_id, kind, state, options, coalesce(result, ''), "
    "coalesce(error, ''), cancel_requested, created_at, started_at, finished_at";

std::string Select(std::string_view columns, std::string_view rest) {
  return "SELECT " + std::string(columns) + " " + std::string(rest);
}

ProjectRow ReadProject(const Statement& row) {
  return {row.ColumnText(0), row.ColumnInt(1), row.ColumnText(2),
          row.ColumnText(3), row.ColumnInt(4), row.ColumnInt(5)};
}

NodeRow ReadNode(const Statement& row) {
  return {row.ColumnText(0), row.ColumnText(1), row.ColumnText(2), row.ColumnText(3),
          row.ColumnInt(4),  row.ColumnText(5), row.ColumnText(6)};
}

JobRow ReadJob(const Statement& row) {
  JobRow job;
  job.id = row.ColumnText(0);
  job.project_id = row.ColumnText(1);
  job.owner_id = row.ColumnInt(2);
  const std::string kind = row.ColumnText(3);
  const std::string state = row.ColumnText(4);
  const auto parsed_kind = ParseJobKind(kind);
  const auto parsed_state = ParseJobState(state);
  if (!parsed_kind || !parsed_state) {
    // Written by a newer version of the service: this one cannot run or show it.
    throw std::runtime_error("job " + job.id + " has an unknown kind or state (" + kind + ", " +
                             state + ")");
  }
  job.kind = *parsed_kind;
  job.state = *parsed_state;
  job.options = row.ColumnText(5);
  job.result = row.ColumnText(6);
  job.error = row.ColumnText(7);
  job.cancel_requested = row.ColumnInt(8) != 0;
  job.created_at = row.ColumnInt(9);
  if (!row.ColumnIsNull(10)) job.started_at = row.ColumnInt(10);
  if (!row.ColumnIsNull(11)) job.finished_at = row.ColumnInt(11);
  return job;
}

void InsertNode(Connection& connection, const NodeRow& node, std::int64_t now) {
  auto& insert = connection.Prepare(
      "INSERT INTO nodes (id, project_id, parent_id, kind, position, data, job_id, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  insert.BindAll(node.id, node.project_id);
  if (node.parent_id.empty()) {
    insert.BindNull(3);
  } else {
    insert.Bind(3, node.parent_id);
  }
  insert.Bind(4, node.kind).Bind(5, node.position).Bind(6, node.data);
  if (node.job_id.empty()) {
    insert.BindNull(7);
  } else {
    insert.Bind(7, node.job_id);
  }
  insert.Bind(8, now).Bind(9, now).Run();
}

std::int64_t InsertEvent(Connection& connection, std::string_view job_id, const EventRow& event) {
  auto& next =
      connection.Prepare("SELECT coalesce(max(seq), 0) + 1 FROM job_events WHERE job_id = ?");
  next.BindAll(job_id);
  next.Step();
  const std::int64_t seq = next.ColumnInt(0);
  next.Reset();
  connection.Prepare("INSERT INTO job_events (job_id, seq, at, type, data) VALUES (?, ?, ?, ?, ?)")
      .BindAll(job_id, seq, event.at, event.type, event.data)
      .Run();
  if (const auto notify = connection.dialect().notify_job_events; !notify.empty()) {
    connection.Prepare(notify).BindAll(job_id).Run();
  }
  return seq;
}

constexpr std::string_view kActiveJobOfProject =
    "SELECT id FROM jobs WHERE project_id = ? AND state IN ('queued', 'running') LIMIT 1";

std::optional<std::string> ActiveJobOf(Connection& connection, std::string_view project_id) {
  std::optional<std::string> id;
  auto& query = connection.Prepare(kActiveJobOfProject);
  query.BindAll(project_id);
  if (query.Step()) id = query.ColumnText(0);
  query.Reset();
  return id;
}

// False (with the outcome set) when a job of the project is queued or running.
bool IdleOrRefuse(Connection& connection, std::string_view project_id, IdleChange& change) {
  if (auto active = ActiveJobOf(connection, project_id)) {
    change.outcome = IdleChange::Outcome::kProjectBusy;
    change.active_job_id = std::move(*active);
    return false;
  }
  return true;
}

std::optional<std::string> ProjectOfNode(Connection& connection, std::string_view node_id) {
  std::optional<std::string> project;
  auto& query = connection.Prepare("SELECT project_id FROM nodes WHERE id = ?");
  query.BindAll(node_id);
  if (query.Step()) project = query.ColumnText(0);
  query.Reset();
  return project;
}

}  // namespace

void SqlPipelineStore::CreateProject(const ProjectRow& project) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare("INSERT INTO projects (" + std::string(kProjectColumns) +
                 ") VALUES (?, ?, ?, ?, ?, ?)")
        .BindAll(project.id, project.owner_id, project.name, project.data, project.created_at,
                 project.updated_at)
        .Run();
  });
}

std::optional<ProjectRow> SqlPipelineStore::FindProject(std::string_view id,
                                                        std::int64_t owner_id) {
  std::optional<ProjectRow> project;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare(Select(kProjectColumns, "FROM projects WHERE id = ? AND owner_id = ?"));
    query.BindAll(id, owner_id);
    if (query.Step()) project = ReadProject(query);
    query.Reset();
  });
  return project;
}

std::vector<ProjectRow> SqlPipelineStore::ListProjects(std::int64_t owner_id, std::int64_t limit,
                                                       std::int64_t offset) {
  std::vector<ProjectRow> projects;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        Select(kProjectColumns,
               "FROM projects WHERE owner_id = ? ORDER BY created_at DESC, id LIMIT ? OFFSET ?"));
    query.BindAll(owner_id, limit, offset);
    while (query.Step()) projects.push_back(ReadProject(query));
    query.Reset();
  });
  return projects;
}

std::int64_t SqlPipelineStore::CountProjects(std::int64_t owner_id) {
  std::int64_t count = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT count(*) FROM projects WHERE owner_id = ?");
    query.BindAll(owner_id);
    query.Step();
    count = query.ColumnInt(0);
    query.Reset();
  });
  return count;
}

bool SqlPipelineStore::UpdateProject(std::string_view id, std::int64_t owner_id,
                                     std::string_view name, std::string_view data,
                                     std::int64_t now) {
  bool updated = false;
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "UPDATE projects SET name = ?, data = ?, updated_at = ? WHERE id = ? AND owner_id = ?")
        .BindAll(name, data, now, id, owner_id)
        .Run();
    updated = connection.Changes() > 0;
  });
  return updated;
}

IdleChange SqlPipelineStore::DeleteProjectIfIdle(std::string_view id, std::int64_t owner_id) {
  IdleChange change;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    if (!IdleOrRefuse(connection, id, change)) return;
    connection.Prepare("DELETE FROM projects WHERE id = ? AND owner_id = ?")
        .BindAll(id, owner_id)
        .Run();
    if (connection.Changes() == 0) {
      change.outcome = IdleChange::Outcome::kMissing;
      return;
    }
    transaction.Commit();
  });
  return change;
}

std::vector<NodeRow> SqlPipelineStore::Nodes(std::string_view project_id) {
  std::vector<NodeRow> nodes;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        Select(kNodeColumns, "FROM nodes WHERE project_id = ? ORDER BY position, created_at, id"));
    query.BindAll(project_id);
    while (query.Step()) nodes.push_back(ReadNode(query));
    query.Reset();
  });
  return nodes;
}

std::optional<NodeRow> SqlPipelineStore::FindNode(std::string_view node_id, std::int64_t owner_id) {
  std::optional<NodeRow> node;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT n.id, n.project_id, coalesce(n.parent_id, ''), n.kind, n.position, n.data, "
        "coalesce(n.job_id, '') FROM nodes n JOIN projects p ON p.id = n.project_id "
        "WHERE n.id = ? AND p.owner_id = ?");
    query.BindAll(node_id, owner_id);
    if (query.Step()) node = ReadNode(query);
    query.Reset();
  });
  return node;
}

bool SqlPipelineStore::UpdateNode(std::string_view node_id, std::string_view data,
                                  std::int64_t now) {
  bool updated = false;
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("UPDATE nodes SET data = ?, updated_at = ? WHERE id = ?")
        .BindAll(data, now, node_id)
        .Run();
    updated = connection.Changes() > 0;
  });
  return updated;
}

IdleChange SqlPipelineStore::UpdateNodeIfIdle(std::string_view node_id, std::string_view data,
                                              std::int64_t now) {
  return ChangeNodeIfIdle(node_id, [&](Connection& connection) {
    connection.Prepare("UPDATE nodes SET data = ?, updated_at = ? WHERE id = ?")
        .BindAll(data, now, node_id)
        .Run();
  });
}

IdleChange SqlPipelineStore::DeleteNodeIfIdle(std::string_view node_id) {
  return ChangeNodeIfIdle(node_id, [&](Connection& connection) {
    connection.Prepare("DELETE FROM nodes WHERE id = ?").BindAll(node_id).Run();
  });
}

IdleChange SqlPipelineStore::ChangeNodeIfIdle(std::string_view node_id,
                                              const std::function<void(Connection&)>& change_node) {
  IdleChange change;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    const auto project = ProjectOfNode(connection, node_id);
    if (!project) {
      change.outcome = IdleChange::Outcome::kMissing;
      return;
    }
    if (!IdleOrRefuse(connection, *project, change)) return;
    change_node(connection);
    transaction.Commit();
  });
  return change;
}

void SqlPipelineStore::ClearNodes(std::string_view project_id) {
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("DELETE FROM nodes WHERE project_id = ?").BindAll(project_id).Run();
  });
}

JobCreation InsertJobUnlessRefused(Connection& connection, const JobRow& job,
                                   std::string_view first_event_data,
                                   std::int64_t max_queued_per_owner) {
  JobCreation creation;
  if (!job.project_id.empty()) {
    if (auto active = ActiveJobOf(connection, job.project_id)) {
      creation.outcome = JobCreation::Outcome::kProjectBusy;
      creation.active_job_id = std::move(*active);
      return creation;
    }
  }
  if (max_queued_per_owner > 0) {
    auto& count =
        connection.Prepare("SELECT count(*) FROM jobs WHERE state = 'queued' AND owner_id = ?");
    count.BindAll(job.owner_id);
    const std::int64_t queued = count.Step() ? count.ColumnInt(0) : 0;
    count.Reset();
    if (queued >= max_queued_per_owner) {
      creation.outcome = JobCreation::Outcome::kOwnerQueueFull;
      return creation;
    }
  }
  auto& insert = connection.Prepare(
      "INSERT INTO jobs (id, project_id, owner_id, kind, state, options, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.Bind(1, job.id);
  if (job.project_id.empty()) {
    insert.BindNull(2);
  } else {
    insert.Bind(2, job.project_id);
  }
  insert.Bind(3, job.owner_id).Bind(4, JobKindName(job.kind)).Bind(5, JobStateName(job.state));
  insert.Bind(6, job.options);
  insert.Bind(7, job.created_at).Run();
  InsertEvent(connection, job.id, {0, job.created_at, "state", std::string(first_event_data)});
  return creation;
}

JobCreation SqlPipelineStore::CreateJob(const JobRow& job, std::string_view first_event_data,
                                        std::int64_t max_queued_per_owner) {
  JobCreation creation;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    creation = InsertJobUnlessRefused(connection, job, first_event_data, max_queued_per_owner);
    // A refusal rolls back: nothing written.
    if (creation.outcome == JobCreation::Outcome::kCreated) transaction.Commit();
  });
  return creation;
}

std::optional<JobRow> SqlPipelineStore::FindJob(std::string_view id, std::int64_t owner_id) {
  std::optional<JobRow> job;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare(Select(kJobColumns, "FROM jobs WHERE id = ? AND owner_id = ?"));
    query.BindAll(id, owner_id);
    if (query.Step()) job = ReadJob(query);
    query.Reset();
  });
  return job;
}

std::optional<JobRow> SqlPipelineStore::Job(std::string_view id) {
  std::optional<JobRow> job;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(Select(kJobColumns, "FROM jobs WHERE id = ?"));
    query.BindAll(id);
    if (query.Step()) job = ReadJob(query);
    query.Reset();
  });
  return job;
}

std::vector<JobRow> SqlPipelineStore::ListJobs(std::string_view project_id, std::int64_t owner_id,
                                               std::int64_t limit, std::int64_t offset) {
  std::vector<JobRow> jobs;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(Select(
        kJobColumns,
        "FROM jobs WHERE project_id = ? AND owner_id = ? ORDER BY created_at DESC, id LIMIT ? "
        "OFFSET ?"));
    query.BindAll(project_id, owner_id, limit, offset);
    while (query.Step()) jobs.push_back(ReadJob(query));
    query.Reset();
  });
  return jobs;
}

std::optional<std::string> SqlPipelineStore::ActiveJob(std::string_view project_id) {
  std::optional<std::string> id;
  database_.WithConnection(
      [&](Connection& connection) { id = ActiveJobOf(connection, project_id); });
  return id;
}

std::optional<JobRow> SqlPipelineStore::ClaimJob(std::string_view worker, std::int64_t now,
                                                 std::int64_t lease_seconds) {
  std::optional<JobRow> job;
  database_.WithConnection([&](Connection& connection) {
    // Row locks only: instances polling for work skip a job another one is taking instead of
    // queueing behind every writer.
    Transaction transaction(connection, Isolation::kRowLocks);
    // Orphaned jobs first (their owners already waited). Then round robin by owner: the owner
    // with the fewest jobs running now, and among those the one whose last job started
    // longest ago (never first), takes their oldest queued job.
    auto& candidate = connection.Prepare(
        "SELECT id FROM jobs AS j WHERE state = 'queued' OR (state = 'running' AND "
        "(lease_until IS NULL OR lease_until < ?)) "
        "ORDER BY state = 'running' DESC, "
        "(SELECT count(*) FROM jobs AS r WHERE r.state = 'running' AND r.owner_id = j.owner_id "
        "AND r.lease_until >= ?), "
        "(SELECT max(started_at) FROM jobs AS s WHERE s.owner_id = j.owner_id) NULLS FIRST, "
        "created_at, id LIMIT 1" +
        std::string(connection.dialect().skip_locked));
    candidate.BindAll(now, now);
    if (!candidate.Step()) {
      candidate.Reset();
      return;
    }
    const std::string id = candidate.ColumnText(0);
    candidate.Reset();
    connection
        .Prepare(
            "UPDATE jobs SET state = 'running', lease_owner = ?, lease_until = ?, "
            "started_at = coalesce(started_at, ?) WHERE id = ?")
        .BindAll(worker, now + lease_seconds, now, id)
        .Run();
    auto& read = connection.Prepare(Select(kJobColumns, "FROM jobs WHERE id = ?"));
    read.BindAll(id);
    if (read.Step()) job = ReadJob(read);
    read.Reset();
    transaction.Commit();
  });
  return job;
}

bool SqlPipelineStore::RenewLease(std::string_view job_id, std::string_view worker,
                                  std::int64_t now, std::int64_t lease_seconds) {
  bool renewed = false;
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "UPDATE jobs SET lease_until = ? WHERE id = ? AND lease_owner = ? AND state = "
            "'running'")
        .BindAll(now + lease_seconds, job_id, worker)
        .Run();
    renewed = connection.Changes() > 0;
  });
  return renewed;
}

bool SqlPipelineStore::RequestCancel(std::string_view job_id, std::int64_t owner_id,
                                     std::int64_t now) {
  bool requested = false;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    connection
        .Prepare(
            "UPDATE jobs SET cancel_requested = 1 WHERE id = ? AND owner_id = ? AND "
            "state IN ('queued', 'running')")
        .BindAll(job_id, owner_id)
        .Run();
    requested = connection.Changes() > 0;
    // A job no worker has claimed yet ends here: nobody would notice the request until a
    // worker got to it, and then it would spend calls before stopping.
    connection
        .Prepare(
            "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND owner_id = ? "
            "AND state = 'queued'")
        .BindAll(now, job_id, owner_id)
        .Run();
    if (connection.Changes() > 0) {
      InsertEvent(
          connection, job_id,
          {0, now, "final",
           nlohmann::json{
               {"state", JobStateName(JobState::kCancelled)}, {"error", ""}, {"summary", nullptr}}
               .dump()});
      AddJobFinishedNotification(connection, job_id, now);
    }
    transaction.Commit();
  });
  return requested;
}

bool SqlPipelineStore::CancelRequested(std::string_view job_id) {
  bool requested = false;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT cancel_requested FROM jobs WHERE id = ?");
    query.BindAll(job_id);
    if (query.Step()) requested = query.ColumnInt(0) != 0;
    query.Reset();
  });
  return requested;
}

std::map<std::string, std::string> SqlPipelineStore::Steps(std::string_view job_id) {
  std::map<std::string, std::string> steps;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT id, state FROM job_steps WHERE job_id = ?");
    query.BindAll(job_id);
    while (query.Step()) steps[query.ColumnText(0)] = query.ColumnText(1);
    query.Reset();
  });
  return steps;
}

std::vector<std::int64_t> SqlPipelineStore::CommitStep(
    std::string_view job_id, std::string_view step_id, std::string_view state,
    std::string_view detail, const TreeChanges& changes, const std::vector<EventRow>& events,
    std::int64_t now) {
  std::vector<std::int64_t> seqs;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    // Children go first: the cascade removes their subtrees.
    for (const auto& parent : changes.cleared) {
      connection.Prepare("DELETE FROM nodes WHERE parent_id = ?").BindAll(parent).Run();
    }
    for (const auto& node : changes.updated) {
      connection.Prepare("UPDATE nodes SET data = ?, updated_at = ? WHERE id = ?")
          .BindAll(node.data, now, node.id)
          .Run();
    }
    for (const auto& node : changes.inserted) InsertNode(connection, node, now);
    connection
        .Prepare(
            "INSERT INTO job_steps (job_id, id, state, detail, finished_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (job_id, id) DO UPDATE SET state = excluded.state, "
            "detail = excluded.detail, finished_at = excluded.finished_at")
        .BindAll(job_id, step_id, state, detail, now)
        .Run();
    for (const auto& event : events) seqs.push_back(InsertEvent(connection, job_id, event));
    transaction.Commit();
  });
  return seqs;
}

std::int64_t SqlPipelineStore::SetState(std::string_view job_id, JobState state,
                                        std::string_view result, std::string_view error,
                                        const EventRow& event, std::int64_t now) {
  std::int64_t seq = 0;
  const bool final_state = IsFinal(state);
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    auto& update = connection.Prepare(
        "UPDATE jobs SET state = ?, result = coalesce(?, result), error = coalesce(?, error), "
        "finished_at = CASE WHEN ? THEN ? ELSE finished_at END, "
        "lease_owner = CASE WHEN ? THEN NULL ELSE lease_owner END, "
        "lease_until = CASE WHEN ? THEN NULL ELSE lease_until END WHERE id = ?");
    update.Bind(1, JobStateName(state));
    if (result.empty()) {
      update.BindNull(2);
    } else {
      update.Bind(2, result);
    }
    if (error.empty()) {
      update.BindNull(3);
    } else {
      update.Bind(3, error);
    }
    update.Bind(4, final_state ? 1 : 0).Bind(5, now).Bind(6, final_state ? 1 : 0);
    update.Bind(7, final_state ? 1 : 0).Bind(8, job_id).Run();
    seq = InsertEvent(connection, job_id, event);
    // The job's end and its notification commit together: neither survives a crash alone.
    if (final_state) AddJobFinishedNotification(connection, job_id, now);
    transaction.Commit();
  });
  return seq;
}

std::int64_t SqlPipelineStore::AppendEvent(std::string_view job_id, const EventRow& event) {
  std::int64_t seq = 0;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    seq = InsertEvent(connection, job_id, event);
    transaction.Commit();
  });
  return seq;
}

std::vector<EventRow> SqlPipelineStore::Events(std::string_view job_id, std::int64_t after_seq,
                                               std::int64_t limit) {
  std::vector<EventRow> events;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT seq, at, type, data FROM job_events WHERE job_id = ? AND seq > ? ORDER BY seq "
        "LIMIT ?");
    query.BindAll(job_id, after_seq, limit);
    while (query.Step()) {
      events.push_back(
          {query.ColumnInt(0), query.ColumnInt(1), query.ColumnText(2), query.ColumnText(3)});
    }
    query.Reset();
  });
  return events;
}

std::optional<EventRow> SqlPipelineStore::LastEvent(std::string_view job_id,
                                                    std::string_view type) {
  std::optional<EventRow> event;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT seq, at, type, data FROM job_events WHERE job_id = ? AND type = ? "
        "ORDER BY seq DESC LIMIT 1");
    query.BindAll(job_id, type);
    if (query.Step()) {
      event = EventRow{query.ColumnInt(0), query.ColumnInt(1), query.ColumnText(2),
                       query.ColumnText(3)};
    }
    query.Reset();
  });
  return event;
}

std::int64_t SqlPipelineStore::LastSeq(std::string_view job_id) {
  std::int64_t seq = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare("SELECT coalesce(max(seq), 0) FROM job_events WHERE job_id = ?");
    query.BindAll(job_id);
    query.Step();
    seq = query.ColumnInt(0);
    query.Reset();
  });
  return seq;
}

std::vector<JobCount> SqlPipelineStore::CountJobs() {
  std::vector<JobCount> counts;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT kind, state, count(*) FROM jobs GROUP BY kind, state");
    while (query.Step()) {
      const auto kind = ParseJobKind(query.ColumnText(0));
      const auto state = ParseJobState(query.ColumnText(1));
      if (kind && state) counts.push_back({*kind, *state, query.ColumnInt(2)});
    }
    query.Reset();
  });
  return counts;
}

std::int64_t SqlPipelineStore::CountFinishedSteps() {
  std::int64_t count = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT count(*) FROM job_steps WHERE state = 'done'");
    query.Step();
    count = query.ColumnInt(0);
    query.Reset();
  });
  return count;
}

std::optional<std::string> SqlPipelineStore::Preferences(std::int64_t user_id) {
  std::optional<std::string> data;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT data FROM user_preferences WHERE user_id = ?");
    query.BindAll(user_id);
    if (query.Step()) data = query.ColumnText(0);
    query.Reset();
  });
  return data;
}

void SqlPipelineStore::SavePreferences(std::int64_t user_id, std::string_view data,
                                       std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO user_preferences (user_id, data, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, "
            "updated_at = excluded.updated_at")
        .BindAll(user_id, data, now)
        .Run();
  });
}

}  // namespace store::sql
