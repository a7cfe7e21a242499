#pragma once

#include <string>

#include "app/config.hpp"
#include "auth/secret_box.hpp"
#include "notify/notifier.hpp"
#include "outbound/http_transport.hpp"
#include "services/notification_service.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_notification_store.hpp"

namespace app {

// The notification outbox's sender and the settings service, from the configuration.
class NotifyStack {
 public:
  NotifyStack(const Config& config, store::sql::Database& database, const auth::SecretBox& secrets,
              services::ProjectService& projects, std::string worker_id);

  void Start() { notifier_.Start(); }
  void Stop() { notifier_.Stop(); }
  notify::Notifier& notifier() { return notifier_; }
  services::NotificationService& service() { return service_; }
  store::NotificationStore& store() { return store_; }
  // A failed scheduled backup, for the operator.
  void BackupFailed(std::int64_t at, const std::string& error);
  // /metrics: deliveries by state (the outbox's depth) and this instance's sends by outcome.
  std::string RenderMetrics();

 private:
  store::sql::SqlNotificationStore store_;
  outbound::CurlTransport transport_;
  notify::Notifier notifier_;
  services::NotificationService service_;
};

}  // namespace app
