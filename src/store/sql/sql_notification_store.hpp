#pragma once

#include "store/notification_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

class SqlNotificationStore final : public NotificationStore {
 public:
  explicit SqlNotificationStore(Database& database) : database_(database) {}

  std::int64_t Add(std::string_view kind, std::optional<std::int64_t> user_id,
                   std::string_view data, std::int64_t now) override;
  std::vector<NotificationRow> ToExpand(std::int64_t limit) override;
  bool Expand(std::int64_t notification_id, std::string_view data,
              const std::vector<DeliveryTarget>& targets, std::int64_t now) override;
  std::vector<DeliveryRow> ClaimDue(std::string_view worker, std::int64_t now,
                                    std::int64_t lease_seconds, std::int64_t limit) override;
  bool MarkSending(std::int64_t delivery_id, std::string_view worker) override;
  void MarkSent(std::int64_t delivery_id, std::int64_t now) override;
  void MarkAttemptFailed(std::int64_t delivery_id, std::string_view error,
                         std::optional<std::int64_t> next_attempt_at) override;
  void MarkUnknown(std::int64_t delivery_id, std::string_view error) override;
  std::int64_t RecoverExpired(std::int64_t now) override;
  bool Requeue(std::int64_t delivery_id, std::int64_t now) override;
  std::vector<DeliveryRow> RecentDeliveries(std::int64_t limit,
                                            std::optional<DeliveryState> state) override;
  std::map<std::string, std::int64_t> CountDeliveries() override;
  std::int64_t PurgeFinished(std::int64_t before) override;
  std::int64_t CountToExpand() override;
  std::optional<JobFacts> FinishedJob(std::string_view job_id) override;
  std::optional<std::pair<std::string, std::string>> Recipient(std::int64_t user_id) override;
  std::optional<NotificationSettingsRow> UserSettings(std::int64_t user_id) override;
  void SaveUserSettings(std::int64_t user_id, const NotificationSettingsRow& settings,
                        std::int64_t now) override;
  std::optional<std::string> ProjectWebhook(std::string_view project_id) override;
  void SaveProjectWebhook(std::string_view project_id, std::string_view sealed_url,
                          std::int64_t now) override;

 private:
  Database& database_;
};

// Written inside other repositories' transactions: the notification of a job's end (only for
// the kinds people wait for: generation, vision optimisation, push) and of a security event.
void AddJobFinishedNotification(Connection& connection, std::string_view job_id, std::int64_t now);
void AddNotification(Connection& connection, std::string_view kind,
                     std::optional<std::int64_t> user_id, std::string_view data, std::int64_t now);

}  // namespace store::sql
