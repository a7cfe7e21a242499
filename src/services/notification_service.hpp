#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "auth/secret_box.hpp"
#include "notify/notifier.hpp"
#include "services/project_service.hpp"
#include "store/notification_store.hpp"

namespace services {

struct NotificationSettings {
  notify::Switches switches;
  bool webhook_set = false;      // the URL itself is never shown again
  bool email_available = false;  // the server can send e-mail (SMTP_URL)
  std::string email;             // where e-mail goes: the account's address
};

// A PUT: fields left out stay as they are; webhook_url "" removes the webhook.
struct NotificationSettingsUpdate {
  std::optional<bool> email;
  std::optional<bool> webhook;
  std::optional<bool> job_completed;
  std::optional<bool> job_failed;
  std::optional<std::string> webhook_url;
};

struct NotificationServiceOptions {
  bool email_available = false;
  bool webhooks_allow_private = false;  // http:// and private addresses (WEBHOOK_ALLOW_PRIVATE)
};

// Where each user wants to hear of their jobs, their projects' webhooks, and the outbox as
// admins see it.
class NotificationService {
 public:
  NotificationService(store::NotificationStore& store, ProjectService& projects,
                      const auth::SecretBox& secrets, NotificationServiceOptions options,
                      WallClock clock = SystemSeconds);

  NotificationSettings Settings(std::int64_t user_id);
  NotificationSettings SaveSettings(std::int64_t user_id, const NotificationSettingsUpdate& update);
  // Whether the owner's project has its own webhook.
  bool ProjectWebhookSet(std::int64_t owner, std::string_view project_id);
  void SaveProjectWebhook(std::int64_t owner, std::string_view project_id, std::string_view url);

  std::vector<store::DeliveryRow> Deliveries(std::int64_t limit, std::string_view state);
  void SendAgain(std::int64_t delivery_id);

 private:
  std::string SealedWebhook(std::string_view url) const;

  store::NotificationStore& store_;
  ProjectService& projects_;
  const auth::SecretBox& secrets_;
  NotificationServiceOptions options_;
  WallClock clock_;
};

// Why a webhook URL is refused ("" when it is fine): https only (http too when private
// receivers are allowed), no credentials in it, no spaces or control characters, and no
// literal private address unless allowed.
std::string WebhookUrlProblem(std::string_view url, bool allow_private);

}  // namespace services
