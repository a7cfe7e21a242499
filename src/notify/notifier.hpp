#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "auth/secret_box.hpp"
#include "outbound/http_transport.hpp"
#include "outbound/smtp_client.hpp"
#include "store/notification_store.hpp"

namespace notify {

// What a user wants to hear of, stored as JSON in notification_settings. Every switch is on
// until the user turns it off.
struct Switches {
  bool email = true;          // to the account's address
  bool webhook = true;        // to the user's own and the projects' webhooks
  bool job_completed = true;  // finished, with or without warnings, or cancelled
  bool job_failed = true;
};
Switches SwitchesFromJson(const nlohmann::json& json);
nlohmann::json ToJson(const Switches& switches);

struct NotifierOptions {
  outbound::SmtpServer smtp;  // url empty: no e-mail at all
  std::string smtp_from;
  std::string operator_email;        // NOTIFICATION_EMAIL
  std::string operator_webhook_url;  // TEAMS_WEBHOOK_URL
  std::string public_base_url;
  bool job_results = true;
  bool operator_failures = true;
  bool security_events = true;
  bool webhooks_allow_private = false;
  std::string worker_id;  // this instance
  std::chrono::milliseconds poll{1'000};
  std::chrono::seconds retry_base{30};
  int max_attempts = 10;
  std::chrono::seconds lease{300};
};

// Counters since start, for /metrics.
struct DeliveryCounts {
  std::map<std::string, std::int64_t> by_channel_outcome;  // "email sent", "webhook retry", ...
};

// The outbox's sender: turns notifications into deliveries (who hears of what, by the users'
// and the operator's switches) and sends them on its own thread with retries and back-off.
// A delivery is marked "sending" just before the message leaves, so a crash from then on leaves
// it "unknown" for an admin to decide rather than sending it twice; a crash before leaves it
// to be claimed again.
class Notifier {
 public:
  Notifier(store::NotificationStore& store, const auth::SecretBox& secrets,
           outbound::Transport& transport, NotifierOptions options);
  ~Notifier();
  Notifier(const Notifier&) = delete;
  Notifier& operator=(const Notifier&) = delete;

  void Start();
  void Stop();
  // One round: recover abandoned deliveries, expand new notifications, send what is due.
  void RunOnce();
  // Wakes the sender now (e.g. after a job ended on this instance).
  void Wake();

  DeliveryCounts counts() const;

 private:
  void Expand(const store::NotificationRow& notification);
  void Deliver(const store::DeliveryRow& delivery);
  std::optional<std::string> WebhookUrl(const std::string& target);
  void Count(const std::string& channel, const std::string& outcome);
  std::int64_t Now() const;

  store::NotificationStore& store_;
  const auth::SecretBox& secrets_;
  outbound::Transport& transport_;
  NotifierOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<bool> cancel_sends_{false};  // set at Stop: a slow server does not hold shutdown
  bool woken_ = false;
  std::thread thread_;
  DeliveryCounts counts_;
  std::int64_t last_recovery_ = 0;  // Unix seconds
  std::int64_t last_purge_ = 0;
};

}  // namespace notify
