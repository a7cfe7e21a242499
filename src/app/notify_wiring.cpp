#include "app/notify_wiring.hpp"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "app/ops_metrics.hpp"

namespace app {
namespace {

notify::NotifierOptions OptionsFrom(const Config& config, std::string worker_id) {
  notify::NotifierOptions options;
  options.smtp.url = config.smtp_url;
  options.smtp.username = config.smtp_username;
  options.smtp.password = config.smtp_password;
  options.smtp.allow_plain = config.smtp_allow_plain;
  options.smtp.ca_file = config.smtp_ca_file;
  options.smtp_from = config.smtp_from;
  options.operator_email = config.notification_email;
  options.operator_webhook_url = config.teams_webhook_url;
  options.public_base_url = config.public_url;
  options.job_results = config.notify_job_results;
  options.operator_failures = config.notify_operator_failures;
  options.security_events = config.notify_security_events;
  options.webhooks_allow_private = config.webhook_allow_private;
  options.worker_id = std::move(worker_id);
  options.retry_base = config.notification_retry;
  options.max_attempts = config.notification_max_attempts;
  options.lease = config.notification_lease;
  return options;
}

}  // namespace

NotifyStack::NotifyStack(const Config& config, store::sql::Database& database,
                         const auth::SecretBox& secrets, services::ProjectService& projects,
                         std::string worker_id)
    : store_(database),
      notifier_(store_, secrets, transport_, OptionsFrom(config, std::move(worker_id))),
      service_(store_, projects, secrets,
               {!config.smtp_url.empty(), config.webhook_allow_private}) {
  if (config.smtp_url.empty()) {
    spdlog::info("notifications: no SMTP_URL, so no e-mail; webhooks only");
  }
}

void NotifyStack::BackupFailed(std::int64_t at, const std::string& error) {
  try {
    store_.Add("backup_failed", std::nullopt, nlohmann::json{{"error", error}, {"at", at}}.dump(),
               at);
    notifier_.Wake();
  } catch (const std::exception& failure) {
    spdlog::error("notifications: could not record the failed backup: {}", failure.what());
  }
}

std::string NotifyStack::RenderMetrics() {
  std::string out =
      "# HELP backlog_notifications_sent_total This instance's notification deliveries by "
      "channel and outcome (sent, retry, failed, unknown).\n"
      "# TYPE backlog_notifications_sent_total counter\n";
  for (const auto& [key, count] : notifier_.counts().by_channel_outcome) {
    const auto space = key.find(' ');
    out += fmt::format("backlog_notifications_sent_total{{channel=\"{}\",outcome=\"{}\"}} {}\n",
                       PrometheusLabel(key.substr(0, space)),
                       PrometheusLabel(key.substr(space + 1)), count);
  }
  // Database-wide; a failing database leaves these out, not the rest.
  try {
    std::string outbox =
        "# HELP backlog_notification_outbox Notification deliveries in the database by state "
        "(pending and claimed: still to send), and notifications not yet expanded.\n"
        "# TYPE backlog_notification_outbox gauge\n";
    for (const auto& [state, count] : store_.CountDeliveries()) {
      outbox += fmt::format("backlog_notification_outbox{{state=\"{}\"}} {}\n", state, count);
    }
    outbox += fmt::format("backlog_notification_outbox{{state=\"unexpanded\"}} {}\n",
                          store_.CountToExpand());
    out += outbox;
  } catch (const std::exception& error) {
    spdlog::warn("metrics: notification outbox not read: {}", error.what());
  }
  return out;
}

}  // namespace app
