#include "store/sql/sql_instance_store.hpp"

namespace store::sql {

void SqlInstanceStore::Announce(const LiveInstance& instance) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO live_instances (id, host, shared_limits, started_at, seen_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, "
            "shared_limits = excluded.shared_limits")
        .BindAll(instance.id, instance.host, instance.shared_limits ? 1 : 0, instance.started_at,
                 instance.seen_at)
        .Run();
  });
}

bool SqlInstanceStore::Heartbeat(std::string_view id, std::int64_t now) {
  bool found = false;
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("UPDATE live_instances SET seen_at = ? WHERE id = ?").BindAll(now, id).Run();
    found = connection.Changes() > 0;
  });
  return found;
}

void SqlInstanceStore::Remove(std::string_view id) {
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("DELETE FROM live_instances WHERE id = ?").BindAll(id).Run();
  });
}

std::vector<LiveInstance> SqlInstanceStore::LiveOthers(std::string_view id,
                                                       std::int64_t seen_since) {
  std::vector<LiveInstance> others;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT id, host, shared_limits, started_at, seen_at FROM live_instances "
        "WHERE id <> ? AND seen_at >= ? ORDER BY started_at");
    query.BindAll(id, seen_since);
    while (query.Step()) {
      others.push_back({query.ColumnText(0), query.ColumnText(1), query.ColumnInt(2) != 0,
                        query.ColumnInt(3), query.ColumnInt(4)});
    }
    query.Reset();
  });
  return others;
}

}  // namespace store::sql
