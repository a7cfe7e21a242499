#include "store/sql/sql_notification_store.hpp"

#include <array>

namespace store {
namespace {

constexpr std::array<std::string_view, 6> kStateNames = {"pending", "claimed", "sending",
                                                         "sent",    "failed",  "unknown"};

}  // namespace

std::string_view DeliveryStateName(DeliveryState state) {
  return kStateNames[static_cast<std::size_t>(state)];
}

}  // namespace store

namespace store::sql {
namespace {

DeliveryState ParseState(std::string_view name) {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == name) return static_cast<DeliveryState>(i);
  }
  return DeliveryState::kUnknown;
}

std::optional<std::int64_t> OptionalInt(const Statement& statement, int column) {
  if (statement.ColumnIsNull(column)) return std::nullopt;
  return statement.ColumnInt(column);
}

constexpr std::string_view kDeliveryColumns =
    "SELECT d.id, d.channel, d.target, d.state, d.attempts, d.next_attempt_at, d.last_error, "
    "d.created_at, d.sent_at, n.id, n.kind, n.user_id, coalesce(n.job_id, ''), n.data, "
    "n.created_at FROM notification_deliveries AS d "
    "JOIN notifications AS n ON n.id = d.notification_id ";

DeliveryRow ReadDelivery(const Statement& row) {
  DeliveryRow delivery;
  delivery.id = row.ColumnInt(0);
  delivery.to = {row.ColumnText(1), row.ColumnText(2)};
  delivery.state = ParseState(row.ColumnText(3));
  delivery.attempts = row.ColumnInt(4);
  delivery.next_attempt_at = row.ColumnInt(5);
  delivery.last_error = row.ColumnText(6);
  delivery.created_at = row.ColumnInt(7);
  delivery.sent_at = OptionalInt(row, 8);
  delivery.notification = {row.ColumnInt(9),   row.ColumnText(10), OptionalInt(row, 11),
                           row.ColumnText(12), row.ColumnText(13), row.ColumnInt(14)};
  return delivery;
}

}  // namespace

void AddJobFinishedNotification(Connection& connection, std::string_view job_id, std::int64_t now) {
  connection
      .Prepare(
          "INSERT INTO notifications (kind, user_id, job_id, data, created_at) "
          "SELECT 'job_finished', owner_id, id, '{}', ? FROM jobs "
          "WHERE id = ? AND kind IN ('generate', 'optimize_vision', 'push')")
      .BindAll(now, job_id)
      .Run();
}

void AddNotification(Connection& connection, std::string_view kind,
                     std::optional<std::int64_t> user_id, std::string_view data, std::int64_t now) {
  auto& insert = connection.Prepare(
      "INSERT INTO notifications (kind, user_id, data, created_at) VALUES (?, ?, ?, ?)");
  insert.Bind(1, kind);
  if (user_id) {
    insert.Bind(2, *user_id);
  } else {
    insert.BindNull(2);
  }
  insert.Bind(3, data).Bind(4, now).Run();
}

std::int64_t SqlNotificationStore::Add(std::string_view kind, std::optional<std::int64_t> user_id,
                                       std::string_view data, std::int64_t now) {
  std::int64_t id = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& insert = connection.Prepare(
        "INSERT INTO notifications (kind, user_id, data, created_at) VALUES (?, ?, ?, ?) "
        "RETURNING id");
    insert.Bind(1, kind);
    if (user_id) {
      insert.Bind(2, *user_id);
    } else {
      insert.BindNull(2);
    }
    insert.Bind(3, data).Bind(4, now);
    if (insert.Step()) id = insert.ColumnInt(0);
    insert.Reset();
  });
  return id;
}

std::vector<NotificationRow> SqlNotificationStore::ToExpand(std::int64_t limit) {
  std::vector<NotificationRow> rows;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT id, kind, user_id, coalesce(job_id, ''), data, created_at FROM notifications "
        "WHERE expanded_at IS NULL ORDER BY id LIMIT ?");
    query.BindAll(limit);
    while (query.Step()) {
      rows.push_back({query.ColumnInt(0), query.ColumnText(1), OptionalInt(query, 2),
                      query.ColumnText(3), query.ColumnText(4), query.ColumnInt(5)});
    }
    query.Reset();
  });
  return rows;
}

bool SqlNotificationStore::Expand(std::int64_t notification_id, std::string_view data,
                                  const std::vector<DeliveryTarget>& targets, std::int64_t now) {
  bool expanded = false;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    connection
        .Prepare(
            "UPDATE notifications SET expanded_at = ?, data = ? WHERE id = ? AND expanded_at IS "
            "NULL")
        .BindAll(now, data, notification_id)
        .Run();
    if (connection.Changes() == 0) return;
    auto& insert = connection.Prepare(
        "INSERT INTO notification_deliveries (notification_id, channel, target, state, "
        "next_attempt_at, created_at) VALUES (?, ?, ?, 'pending', ?, ?)");
    for (const auto& target : targets) {
      insert.BindAll(notification_id, target.channel, target.target, now, now).Run();
      insert.Reset();
    }
    transaction.Commit();
    expanded = true;
  });
  return expanded;
}

std::vector<DeliveryRow> SqlNotificationStore::ClaimDue(std::string_view worker, std::int64_t now,
                                                        std::int64_t lease_seconds,
                                                        std::int64_t limit) {
  std::vector<DeliveryRow> claimed;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    auto& query = connection.Prepare(std::string(kDeliveryColumns) +
                                     "WHERE d.state = 'pending' AND d.next_attempt_at <= ? "
                                     "ORDER BY d.next_attempt_at, d.id LIMIT ?");
    query.BindAll(now, limit);
    while (query.Step()) claimed.push_back(ReadDelivery(query));
    query.Reset();
    auto& claim = connection.Prepare(
        "UPDATE notification_deliveries SET state = 'claimed', lease_owner = ?, lease_until = ?, "
        "attempts = attempts + 1 WHERE id = ?");
    for (auto& delivery : claimed) {
      claim.BindAll(worker, now + lease_seconds, delivery.id).Run();
      claim.Reset();
      delivery.state = DeliveryState::kClaimed;
      ++delivery.attempts;
    }
    transaction.Commit();
  });
  return claimed;
}

bool SqlNotificationStore::MarkSending(std::int64_t delivery_id, std::string_view worker) {
  bool marked = false;
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "UPDATE notification_deliveries SET state = 'sending' WHERE id = ? AND state = "
            "'claimed' AND lease_owner = ?")
        .BindAll(delivery_id, worker)
        .Run();
    marked = connection.Changes() > 0;
  });
  return marked;
}

void SqlNotificationStore::MarkSent(std::int64_t delivery_id, std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "UPDATE notification_deliveries SET state = 'sent', sent_at = ?, last_error = '', "
            "lease_owner = NULL, lease_until = NULL WHERE id = ?")
        .BindAll(now, delivery_id)
        .Run();
  });
}

void SqlNotificationStore::MarkAttemptFailed(std::int64_t delivery_id, std::string_view error,
                                             std::optional<std::int64_t> next_attempt_at) {
  database_.WithConnection([&](Connection& connection) {
    auto& update = connection.Prepare(
        "UPDATE notification_deliveries SET state = ?, last_error = ?, "
        "next_attempt_at = coalesce(?, next_attempt_at), lease_owner = NULL, lease_until = NULL "
        "WHERE id = ?");
    update.Bind(1, next_attempt_at ? "pending" : "failed").Bind(2, error);
    if (next_attempt_at) {
      update.Bind(3, *next_attempt_at);
    } else {
      update.BindNull(3);
    }
    update.Bind(4, delivery_id).Run();
  });
}

void SqlNotificationStore::MarkUnknown(std::int64_t delivery_id, std::string_view error) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "UPDATE notification_deliveries SET state = 'unknown', last_error = ?, "
            "lease_owner = NULL, lease_until = NULL WHERE id = ?")
        .BindAll(error, delivery_id)
        .Run();
  });
}

std::int64_t SqlNotificationStore::RecoverExpired(std::int64_t now) {
  std::int64_t unknown = 0;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    connection
        .Prepare(
            "UPDATE notification_deliveries SET state = 'pending', lease_owner = NULL, "
            "lease_until = NULL WHERE state = 'claimed' AND lease_until < ?")
        .BindAll(now)
        .Run();
    connection
        .Prepare(
            "UPDATE notification_deliveries SET state = 'unknown', lease_owner = NULL, "
            "lease_until = NULL, last_error = 'the sending instance stopped while the message "
            "was on its way; it may or may not have arrived' "
            "WHERE state = 'sending' AND lease_until < ?")
        .BindAll(now)
        .Run();
    unknown = connection.Changes();
    transaction.Commit();
  });
  return unknown;
}

bool SqlNotificationStore::Requeue(std::int64_t delivery_id, std::int64_t now) {
  bool requeued = false;
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "UPDATE notification_deliveries SET state = 'pending', next_attempt_at = ?, "
            "attempts = 0 WHERE id = ? AND state IN ('failed', 'unknown')")
        .BindAll(now, delivery_id)
        .Run();
    requeued = connection.Changes() > 0;
  });
  return requeued;
}

std::vector<DeliveryRow> SqlNotificationStore::RecentDeliveries(
    std::int64_t limit, std::optional<DeliveryState> state) {
  std::vector<DeliveryRow> rows;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(std::string(kDeliveryColumns) +
                                     "WHERE (? = '' OR d.state = ?) ORDER BY d.id DESC LIMIT ?");
    const std::string_view name = state ? DeliveryStateName(*state) : "";
    query.BindAll(name, name, limit);
    while (query.Step()) rows.push_back(ReadDelivery(query));
    query.Reset();
  });
  return rows;
}

std::map<std::string, std::int64_t> SqlNotificationStore::CountDeliveries() {
  std::map<std::string, std::int64_t> counts;
  for (const auto name : kStateNames) counts[std::string(name)] = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare("SELECT state, count(*) FROM notification_deliveries GROUP BY state");
    while (query.Step()) counts[query.ColumnText(0)] = query.ColumnInt(1);
    query.Reset();
  });
  return counts;
}

std::int64_t SqlNotificationStore::PurgeFinished(std::int64_t before) {
  std::int64_t purged = 0;
  database_.WithConnection([&](Connection& connection) {
    // Deliveries go with their notification (ON DELETE CASCADE).
    connection
        .Prepare(
            "DELETE FROM notifications WHERE created_at < ? AND expanded_at IS NOT NULL AND NOT "
            "EXISTS (SELECT 1 FROM notification_deliveries AS d WHERE d.notification_id = "
            "notifications.id AND d.state IN ('pending', 'claimed', 'sending'))")
        .BindAll(before)
        .Run();
    purged = connection.Changes();
  });
  return purged;
}

std::int64_t SqlNotificationStore::CountToExpand() {
  std::int64_t count = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare("SELECT count(*) FROM notifications WHERE expanded_at IS NULL");
    if (query.Step()) count = query.ColumnInt(0);
    query.Reset();
  });
  return count;
}

std::optional<JobFacts> SqlNotificationStore::FinishedJob(std::string_view job_id) {
  std::optional<JobFacts> facts;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT j.id, j.kind, j.state, j.owner_id, u.username, u.email, "
        "coalesce(j.project_id, ''), coalesce(p.name, ''), coalesce(j.result, ''), "
        "coalesce(j.error, ''), j.created_at, coalesce(j.started_at, j.created_at), "
        "coalesce(j.finished_at, j.created_at), "
        "(SELECT coalesce(sum(cost_usd), 0) FROM llm_calls WHERE job_id = j.id), "
        "(SELECT count(*) FROM llm_calls WHERE job_id = j.id) "
        "FROM jobs AS j JOIN users AS u ON u.id = j.owner_id "
        "LEFT JOIN projects AS p ON p.id = j.project_id WHERE j.id = ?");
    query.BindAll(job_id);
    if (query.Step()) {
      JobFacts row;
      row.job_id = query.ColumnText(0);
      row.kind = query.ColumnText(1);
      row.state = query.ColumnText(2);
      row.owner_id = query.ColumnInt(3);
      row.owner_name = query.ColumnText(4);
      row.owner_email = query.ColumnText(5);
      row.project_id = query.ColumnText(6);
      row.project_name = query.ColumnText(7);
      row.result = query.ColumnText(8);
      row.error = query.ColumnText(9);
      row.created_at = query.ColumnInt(10);
      row.started_at = query.ColumnInt(11);
      row.finished_at = query.ColumnInt(12);
      row.cost_usd = query.ColumnDouble(13);
      row.llm_calls = query.ColumnInt(14);
      facts = std::move(row);
    }
    query.Reset();
  });
  return facts;
}

std::optional<std::pair<std::string, std::string>> SqlNotificationStore::Recipient(
    std::int64_t user_id) {
  std::optional<std::pair<std::string, std::string>> recipient;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare("SELECT email, username FROM users WHERE id = ? AND is_active = 1");
    query.BindAll(user_id);
    if (query.Step()) recipient.emplace(query.ColumnText(0), query.ColumnText(1));
    query.Reset();
  });
  return recipient;
}

std::optional<NotificationSettingsRow> SqlNotificationStore::UserSettings(std::int64_t user_id) {
  std::optional<NotificationSettingsRow> settings;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT data, sealed_webhook_url FROM notification_settings WHERE user_id = ?");
    query.BindAll(user_id);
    if (query.Step()) settings = NotificationSettingsRow{query.ColumnText(0), query.ColumnText(1)};
    query.Reset();
  });
  return settings;
}

void SqlNotificationStore::SaveUserSettings(std::int64_t user_id,
                                            const NotificationSettingsRow& settings,
                                            std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO notification_settings (user_id, data, sealed_webhook_url, updated_at) "
            "VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, "
            "sealed_webhook_url = excluded.sealed_webhook_url, updated_at = excluded.updated_at")
        .BindAll(user_id, settings.data, settings.sealed_webhook_url, now)
        .Run();
  });
}

std::optional<std::string> SqlNotificationStore::ProjectWebhook(std::string_view project_id) {
  std::optional<std::string> sealed;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT sealed_webhook_url FROM project_notification_settings WHERE project_id = ?");
    query.BindAll(project_id);
    if (query.Step()) sealed = query.ColumnText(0);
    query.Reset();
  });
  return sealed;
}

void SqlNotificationStore::SaveProjectWebhook(std::string_view project_id,
                                              std::string_view sealed_url, std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    if (sealed_url.empty()) {
      connection.Prepare("DELETE FROM project_notification_settings WHERE project_id = ?")
          .BindAll(project_id)
          .Run();
      return;
    }
    connection
        .Prepare(
            "INSERT INTO project_notification_settings (project_id, sealed_webhook_url, "
            "updated_at) VALUES (?, ?, ?) ON CONFLICT (project_id) DO UPDATE SET "
            "sealed_webhook_url = excluded.sealed_webhook_url, updated_at = excluded.updated_at")
        .BindAll(project_id, sealed_url, now)
        .Run();
  });
}

}  // namespace store::sql
