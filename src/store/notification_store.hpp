#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace store {

// Something that happened that someone should hear about. Job ends are written by the job
// store in the same transaction as the job's final state; security events by the login store
// with the event.
struct NotificationRow {
  std::int64_t id = 0;
  std::string kind;  // job_finished, security, backup_failed
  std::optional<std::int64_t> user_id;
  std::string job_id;
  std::string data;  // facts as JSON
  std::int64_t created_at = 0;
};

enum class DeliveryState { kPending, kClaimed, kSending, kSent, kFailed, kUnknown };
std::string_view DeliveryStateName(DeliveryState state);

struct DeliveryTarget {
  std::string channel;  // email, webhook
  std::string target;   // an address, or user:<id>, project:<id>, operator
};

struct DeliveryRow {
  std::int64_t id = 0;
  DeliveryTarget to;
  DeliveryState state = DeliveryState::kPending;
  std::int64_t attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::string last_error;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> sent_at;
  NotificationRow notification;
};

// A finished job with what a message about it says.
struct JobFacts {
  std::string job_id;
  std::string kind;
  std::string state;
  std::int64_t owner_id = 0;
  std::string owner_name;
  std::string owner_email;
  std::string project_id;
  std::string project_name;
  std::string result;  // the job's summary JSON ("" when none)
  std::string error;
  std::int64_t created_at = 0;
  std::int64_t started_at = 0;
  std::int64_t finished_at = 0;
  double cost_usd = 0;
  std::int64_t llm_calls = 0;
};

struct NotificationSettingsRow {
  std::string data;  // the switches as JSON
  std::string sealed_webhook_url;
};

// The notification outbox: notifications, their deliveries, and where users want them.
class NotificationStore {
 public:
  virtual ~NotificationStore() = default;

  virtual std::int64_t Add(std::string_view kind, std::optional<std::int64_t> user_id,
                           std::string_view data, std::int64_t now) = 0;
  // Notifications whose deliveries are not written yet, oldest first.
  virtual std::vector<NotificationRow> ToExpand(std::int64_t limit) = 0;
  // Writes the deliveries and marks the notification expanded, in one transaction; false (and
  // nothing written) when another instance expanded it first.
  virtual bool Expand(std::int64_t notification_id, std::string_view data,
                      const std::vector<DeliveryTarget>& targets, std::int64_t now) = 0;

  // Takes up to `limit` due pending deliveries for `lease_seconds` (state claimed).
  virtual std::vector<DeliveryRow> ClaimDue(std::string_view worker, std::int64_t now,
                                            std::int64_t lease_seconds, std::int64_t limit) = 0;
  // claimed -> sending, just before the message leaves; false when the claim was lost.
  virtual bool MarkSending(std::int64_t delivery_id, std::string_view worker) = 0;
  virtual void MarkSent(std::int64_t delivery_id, std::int64_t now) = 0;
  // Back to pending for another attempt at `next_attempt_at`, or failed when that is nullopt.
  virtual void MarkAttemptFailed(std::int64_t delivery_id, std::string_view error,
                                 std::optional<std::int64_t> next_attempt_at) = 0;
  virtual void MarkUnknown(std::int64_t delivery_id, std::string_view error) = 0;
  // Deliveries whose instance died: claimed ones go back to pending (nothing was sent); sending
  // ones become unknown (the message may have arrived; sending it again could duplicate it).
  // Returns how many became unknown.
  virtual std::int64_t RecoverExpired(std::int64_t now) = 0;
  // An admin's "send again" of a failed or unknown delivery; false when it is in another state.
  virtual bool Requeue(std::int64_t delivery_id, std::int64_t now) = 0;
  virtual std::vector<DeliveryRow> RecentDeliveries(std::int64_t limit,
                                                    std::optional<DeliveryState> state) = 0;
  virtual std::map<std::string, std::int64_t> CountDeliveries() = 0;
  // Removes notifications created before `before` whose deliveries are all done (sent, failed
  // or unknown), with those deliveries; returns how many notifications went.
  virtual std::int64_t PurgeFinished(std::int64_t before) = 0;
  virtual std::int64_t CountToExpand() = 0;

  virtual std::optional<JobFacts> FinishedJob(std::string_view job_id) = 0;
  // A user's e-mail address and name (nullopt when the account is gone or disabled).
  virtual std::optional<std::pair<std::string, std::string>> Recipient(std::int64_t user_id) = 0;

  virtual std::optional<NotificationSettingsRow> UserSettings(std::int64_t user_id) = 0;
  virtual void SaveUserSettings(std::int64_t user_id, const NotificationSettingsRow& settings,
                                std::int64_t now) = 0;
  virtual std::optional<std::string> ProjectWebhook(std::string_view project_id) = 0;
  // "" removes it.
  virtual void SaveProjectWebhook(std::string_view project_id, std::string_view sealed_url,
                                  std::int64_t now) = 0;
};

}  // namespace store
