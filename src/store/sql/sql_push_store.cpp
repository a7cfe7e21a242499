#include "store/sql/sql_push_store.hpp"

#include <string>

#include "store/sql/job_rows.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {
namespace {

constexpr std::string_view kPushColumns =
    "id, project_id, owner_id, job_id, tag, target, state, created_at, updated_at";
constexpr std::string_view kItemColumns =
    "node_id, parent_node_id, kind, position, state, attempts, last_error, tracker_id, "
    "tracker_url, detail";

PushRow ReadPush(const Statement& row) {
  PushRow push;
  push.id = row.ColumnText(0);
  push.project_id = row.ColumnText(1);
  push.owner_id = row.ColumnInt(2);
  push.job_id = row.ColumnText(3);
  push.tag = row.ColumnText(4);
  push.target = row.ColumnText(5);
  push.state = row.ColumnText(6);
  push.created_at = row.ColumnInt(7);
  push.updated_at = row.ColumnInt(8);
  return push;
}

void FillCounts(Connection& connection, PushRow& push) {
  auto& query =
      connection.Prepare("SELECT state, count(*) FROM push_items WHERE push_id = ? GROUP BY state");
  query.BindAll(push.id);
  while (query.Step()) push.counts[query.ColumnText(0)] = query.ColumnInt(1);
  query.Reset();
}

std::optional<PushRow> QueryPush(Connection& connection, std::string_view where,
                                 std::string_view key, const std::int64_t* owner) {
  std::optional<PushRow> push;
  auto& query = connection.Prepare("SELECT " + std::string(kPushColumns) + " FROM pushes WHERE " +
                                   std::string(where));
  query.Bind(1, key);
  if (owner != nullptr) query.Bind(2, *owner);
  if (query.Step()) push = ReadPush(query);
  query.Reset();
  if (push) FillCounts(connection, *push);
  return push;
}

std::optional<StoredTrackerSettings> QuerySettings(Connection& connection, std::string_view sql,
                                                   const auto& key) {
  std::optional<StoredTrackerSettings> settings;
  auto& query = connection.Prepare(sql);
  query.BindAll(key);
  if (query.Step()) {
    settings = StoredTrackerSettings{query.ColumnText(0), query.ColumnText(1), query.ColumnInt(2)};
  }
  query.Reset();
  return settings;
}

void BindSealed(Statement& statement, int index, const std::string& sealed) {
  if (sealed.empty()) {
    statement.BindNull(index);
  } else {
    statement.Bind(index, sealed);
  }
}

}  // namespace

JobCreation SqlPushStore::CreatePush(const JobRow& job, std::string_view first_event_data,
                                     std::int64_t max_queued_per_owner, const PushRow& push,
                                     const std::vector<PushItemRow>& items) {
  JobCreation creation;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    creation = InsertJobUnlessRefused(connection, job, first_event_data, max_queued_per_owner);
    if (creation.outcome != JobCreation::Outcome::kCreated) return;
    connection
        .Prepare("INSERT INTO pushes (" + std::string(kPushColumns) +
                 ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .BindAll(push.id, push.project_id, push.owner_id, push.job_id, push.tag, push.target,
                 push.state, push.created_at, push.updated_at)
        .Run();
    auto& insert = connection.Prepare(
        "INSERT INTO push_items (push_id, node_id, parent_node_id, kind, position, state, "
        "detail, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const PushItemRow& item : items) {
      insert.BindAll(push.id, item.node_id, item.parent_node_id, item.kind, item.position,
                     PushItemStateName(item.state), item.detail, push.created_at);
      insert.Run();
      insert.Reset();
    }
    transaction.Commit();
  });
  return creation;
}

JobCreation SqlPushStore::ContinuePush(const JobRow& job, std::string_view first_event_data,
                                       std::int64_t max_queued_per_owner, std::string_view push_id,
                                       Continuation continuation) {
  JobCreation creation;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    creation = InsertJobUnlessRefused(connection, job, first_event_data, max_queued_per_owner);
    if (creation.outcome != JobCreation::Outcome::kCreated) return;
    const bool retry = continuation == Continuation::kRetry;
    connection.Prepare("UPDATE pushes SET job_id = ?, state = ?, updated_at = ? WHERE id = ?")
        .BindAll(job.id, retry ? "active" : "removing", job.created_at, push_id)
        .Run();
    if (retry) {
      connection
          .Prepare(
              "UPDATE push_items SET state = 'pending', updated_at = ? "
              "WHERE push_id = ? AND state IN ('failed', 'blocked')")
          .BindAll(job.created_at, push_id)
          .Run();
    }
    transaction.Commit();
  });
  return creation;
}

std::optional<PushRow> SqlPushStore::FindPush(std::string_view push_id, std::int64_t owner_id) {
  std::optional<PushRow> push;
  database_.WithConnection([&](Connection& connection) {
    push = QueryPush(connection, "id = ? AND owner_id = ?", push_id, &owner_id);
  });
  return push;
}

std::optional<PushRow> SqlPushStore::PushOfJob(std::string_view job_id) {
  std::optional<PushRow> push;
  database_.WithConnection(
      [&](Connection& connection) { push = QueryPush(connection, "job_id = ?", job_id, nullptr); });
  return push;
}

std::vector<PushRow> SqlPushStore::ListPushes(std::string_view project_id, std::int64_t owner_id) {
  std::vector<PushRow> pushes;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT " + std::string(kPushColumns) +
        " FROM pushes WHERE project_id = ? AND owner_id = ? "
        "ORDER BY created_at DESC, rowid DESC LIMIT 100");  // rowid: insertion order
    query.BindAll(project_id, owner_id);
    while (query.Step()) pushes.push_back(ReadPush(query));
    query.Reset();
    for (PushRow& push : pushes) FillCounts(connection, push);
  });
  return pushes;
}

std::vector<PushItemRow> SqlPushStore::Items(std::string_view push_id) {
  std::vector<PushItemRow> items;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT " + std::string(kItemColumns) +
                                     " FROM push_items WHERE push_id = ? ORDER BY position");
    query.BindAll(push_id);
    while (query.Step()) {
      PushItemRow item;
      item.node_id = query.ColumnText(0);
      item.parent_node_id = query.ColumnText(1);
      item.kind = query.ColumnText(2);
      item.position = query.ColumnInt(3);
      item.state = ParsePushItemState(query.ColumnText(4)).value_or(PushItemState::kFailed);
      item.attempts = query.ColumnInt(5);
      item.last_error = query.ColumnText(6);
      if (!query.ColumnIsNull(7)) item.tracker_id = query.ColumnInt(7);
      item.tracker_url = query.ColumnText(8);
      item.detail = query.ColumnText(9);
      items.push_back(std::move(item));
    }
    query.Reset();
  });
  return items;
}

void SqlPushStore::SaveItems(std::string_view push_id, const std::vector<PushItemRow>& items,
                             std::int64_t now) {
  if (items.empty()) return;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    auto& update = connection.Prepare(
        "UPDATE push_items SET state = ?, attempts = ?, last_error = ?, tracker_id = ?, "
        "tracker_url = ?, detail = ?, updated_at = ? WHERE push_id = ? AND node_id = ?");
    for (const PushItemRow& item : items) {
      update.Bind(1, PushItemStateName(item.state)).Bind(2, item.attempts);
      update.Bind(3, item.last_error);
      if (item.tracker_id) {
        update.Bind(4, *item.tracker_id);
      } else {
        update.BindNull(4);
      }
      update.Bind(5, item.tracker_url).Bind(6, item.detail).Bind(7, now);
      update.Bind(8, push_id).Bind(9, item.node_id);
      update.Run();
      update.Reset();
    }
    connection.Prepare("UPDATE pushes SET updated_at = ? WHERE id = ?").BindAll(now, push_id).Run();
    transaction.Commit();
  });
}

void SqlPushStore::SetPushState(std::string_view push_id, std::string_view state,
                                std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("UPDATE pushes SET state = ?, updated_at = ? WHERE id = ?")
        .BindAll(state, now, push_id)
        .Run();
  });
}

std::optional<StoredTrackerSettings> SqlPushStore::UserTracker(std::int64_t user_id) {
  std::optional<StoredTrackerSettings> settings;
  database_.WithConnection([&](Connection& connection) {
    settings = QuerySettings(
        connection,
        "SELECT data, coalesce(sealed_pat, ''), updated_at FROM tracker_settings WHERE user_id = ?",
        user_id);
  });
  return settings;
}

void SqlPushStore::SaveUserTracker(std::int64_t user_id, const StoredTrackerSettings& settings) {
  database_.WithConnection([&](Connection& connection) {
    auto& upsert = connection.Prepare(
        "INSERT INTO tracker_settings (user_id, data, sealed_pat, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, sealed_pat = "
        "excluded.sealed_pat, updated_at = excluded.updated_at");
    upsert.Bind(1, user_id).Bind(2, settings.data);
    BindSealed(upsert, 3, settings.sealed_pat);
    upsert.Bind(4, settings.updated_at).Run();
  });
}

std::optional<StoredTrackerSettings> SqlPushStore::ProjectTracker(std::string_view project_id) {
  std::optional<StoredTrackerSettings> settings;
  database_.WithConnection([&](Connection& connection) {
    settings = QuerySettings(connection,
                             "SELECT data, coalesce(sealed_pat, ''), updated_at FROM "
                             "project_tracker_settings WHERE project_id = ?",
                             project_id);
  });
  return settings;
}

void SqlPushStore::SaveProjectTracker(std::string_view project_id,
                                      const StoredTrackerSettings& settings) {
  database_.WithConnection([&](Connection& connection) {
    auto& upsert = connection.Prepare(
        "INSERT INTO project_tracker_settings (project_id, data, sealed_pat, updated_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET data = excluded.data, "
        "sealed_pat = excluded.sealed_pat, updated_at = excluded.updated_at");
    upsert.Bind(1, project_id).Bind(2, settings.data);
    BindSealed(upsert, 3, settings.sealed_pat);
    upsert.Bind(4, settings.updated_at).Run();
  });
}

void SqlPushStore::DeleteProjectTracker(std::string_view project_id) {
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("DELETE FROM project_tracker_settings WHERE project_id = ?")
        .BindAll(project_id)
        .Run();
  });
}

}  // namespace store::sql
