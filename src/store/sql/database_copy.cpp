#include "store/sql/database_copy.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string_view>

namespace store::sql {
namespace {

// Every table of the schema, parents before the tables that refer to them; not live_instances,
// the heartbeats of instances running on the source.
constexpr std::array<std::string_view, 25> kTables = {"users",
                                                      "sessions",
                                                      "rotated_refresh_tokens",
                                                      "revoked_tokens",
                                                      "login_attempts",
                                                      "account_locks",
                                                      "security_events",
                                                      "llm_calls",
                                                      "llm_cache",
                                                      "user_llm_settings",
                                                      "user_api_keys",
                                                      "projects",
                                                      "nodes",
                                                      "jobs",
                                                      "job_steps",
                                                      "job_events",
                                                      "user_preferences",
                                                      "tracker_settings",
                                                      "project_tracker_settings",
                                                      "pushes",
                                                      "push_items",
                                                      "notifications",
                                                      "notification_deliveries",
                                                      "notification_settings",
                                                      "project_notification_settings"};

// Tables whose id column a database generates; PostgreSQL's sequences must move past the copied
// ids or the next insert would collide.
constexpr std::array<std::string_view, 6> kGeneratedIds = {
    "users",     "login_attempts", "security_events",
    "llm_calls", "notifications",  "notification_deliveries"};

std::int64_t Count(Connection& connection, std::string_view table) {
  auto& query = connection.Prepare("SELECT count(*) FROM " + std::string(table));
  query.Step();
  const std::int64_t count = query.ColumnInt(0);
  query.Reset();
  return count;
}

int SchemaVersion(Connection& connection) {
  auto& query = connection.Prepare("SELECT coalesce(max(version), 0) FROM schema_migrations");
  query.Step();
  const int version = static_cast<int>(query.ColumnInt(0));
  query.Reset();
  return version;
}

std::vector<std::string> Columns(Connection& connection, std::string_view table) {
  auto& query = connection.Prepare("SELECT * FROM " + std::string(table) + " WHERE 1 = 0");
  query.Step();  // no row; the result still names the columns
  std::vector<std::string> columns;
  for (int i = 0; i < query.ColumnCount(); ++i) columns.push_back(query.ColumnName(i));
  query.Reset();
  return columns;
}

// The rows of `table` in an order that puts every parent node before its children.
std::string SelectRows(std::string_view table, const std::string& columns) {
  if (table == "nodes") {
    return "WITH RECURSIVE depth (id, level) AS (SELECT id, 0 FROM nodes WHERE parent_id IS "
           "NULL UNION ALL SELECT n.id, d.level + 1 FROM nodes n JOIN depth d ON n.parent_id = "
           "d.id) SELECT " +
           columns + " FROM nodes JOIN depth USING (id) ORDER BY depth.level";
  }
  return "SELECT " + columns + " FROM " + std::string(table);
}

}  // namespace

std::vector<TableCopy> CopyDatabase(Database& from, Database& to) {
  std::vector<TableCopy> copies;
  from.WithConnection([&](Connection& source) {
    to.WithConnection([&](Connection& target) {
      // On SQLite this also keeps writers of the source out while it is read (the service
      // should be stopped anyway); it is never committed.
      Transaction snapshot(source);
      Transaction transaction(target);
      const int source_version = SchemaVersion(source);
      const int target_version = SchemaVersion(target);
      if (source_version != target_version) {
        throw std::runtime_error(
            "the databases are at schema versions " + std::to_string(source_version) + " and " +
            std::to_string(target_version) + "; run backlog migrate on both with this build first");
      }
      if (Count(target, "users") > 0 || Count(target, "projects") > 0) {
        throw std::runtime_error(
            "the destination already has accounts or projects; copy into a new, empty database");
      }
      // The installation's id marks the work items it created in trackers: it moves along.
      target.Exec("DELETE FROM instance");
      {
        auto& read = source.Prepare("SELECT id, instance_id, created_at FROM instance");
        while (read.Step()) {
          target.Prepare("INSERT INTO instance (id, instance_id, created_at) VALUES (?, ?, ?)")
              .BindAll(read.ColumnInt(0), read.ColumnText(1), read.ColumnText(2))
              .Run();
        }
        read.Reset();
      }
      for (const std::string_view table : kTables) {
        // The columns both sides have (a generated column of one engine stays behind).
        const auto source_columns = Columns(source, table);
        std::vector<std::string> columns;
        for (const auto& column : Columns(target, table)) {
          if (column == "rowid") continue;  // PostgreSQL's stand-in for SQLite's hidden rowid
          if (std::find(source_columns.begin(), source_columns.end(), column) !=
              source_columns.end()) {
            columns.push_back(column);
          }
        }
        std::string list;
        std::string marks;
        for (const auto& column : columns) {
          list += (list.empty() ? "" : ", ") + column;
          marks += marks.empty() ? "?" : ", ?";
        }
        auto& read = source.Prepare(SelectRows(table, list));
        auto& write = target.Prepare("INSERT INTO " + std::string(table) + " (" + list +
                                     ") VALUES (" + marks + ")");
        while (read.Step()) {
          for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
            if (read.ColumnIsNull(i)) {
              write.BindNull(i + 1);
            } else {
              write.Bind(i + 1, read.ColumnText(i));  // the target types the text
            }
          }
          write.Run();
          write.Reset();
        }
        read.Reset();
        copies.push_back({std::string(table), Count(source, table), Count(target, table)});
        if (copies.back().source_rows != copies.back().target_rows) {
          throw std::runtime_error("table " + std::string(table) + ": copied " +
                                   std::to_string(copies.back().target_rows) + " of " +
                                   std::to_string(copies.back().source_rows) + " rows");
        }
      }
      if (target.dialect().name == "postgresql") {
        for (const std::string_view table : kGeneratedIds) {
          const std::string name(table);
          target.Exec("SELECT setval(pg_get_serial_sequence('" + name + "', 'id'), " +
                      "coalesce((SELECT max(id) FROM " + name + "), 0) + 1, false)");
        }
      }
      transaction.Commit();
    });
  });
  return copies;
}

}  // namespace store::sql
