#include "notify/notifier.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "json/bounded_parse.hpp"
#include "notify/message.hpp"

namespace notify {
namespace {

constexpr std::int64_t kBatch = 20;
constexpr std::int64_t kMaxBackoffSeconds = 3600;
// Abandoned deliveries are looked for this often; the lease decides which are abandoned.
constexpr std::int64_t kRecoverEverySeconds = 5;
// Finished notifications are kept this long for the admins' list, then removed hourly.
constexpr std::int64_t kKeepSeconds = 90 * 24 * 3600;
constexpr std::int64_t kPurgeEverySeconds = 3600;

bool Flag(const nlohmann::json& json, const char* name) {
  const auto it = json.find(name);
  return it == json.end() || !it->is_boolean() || it->get<bool>();
}

nlohmann::json FactsJson(const store::JobFacts& job) {
  return {{"job_id", job.job_id},
          {"kind", job.kind},
          {"state", job.state},
          {"owner_id", job.owner_id},
          {"project_id", job.project_id},
          {"project_name", job.project_name},
          {"result", job.result},
          {"error", job.error},
          {"created_at", job.created_at},
          {"started_at", job.started_at},
          {"finished_at", job.finished_at},
          {"cost_usd", job.cost_usd},
          {"llm_calls", job.llm_calls}};
}

store::JobFacts FactsFrom(const nlohmann::json& json) {
  store::JobFacts job;
  if (!json.is_object()) return job;
  job.job_id = json.value("job_id", std::string());
  job.kind = json.value("kind", std::string());
  job.state = json.value("state", std::string());
  job.owner_id = json.value("owner_id", std::int64_t{0});
  job.project_id = json.value("project_id", std::string());
  job.project_name = json.value("project_name", std::string());
  job.result = json.value("result", std::string());
  job.error = json.value("error", std::string());
  job.created_at = json.value("created_at", std::int64_t{0});
  job.started_at = json.value("started_at", std::int64_t{0});
  job.finished_at = json.value("finished_at", std::int64_t{0});
  job.cost_usd = json.value("cost_usd", 0.0);
  job.llm_calls = json.value("llm_calls", std::int64_t{0});
  return job;
}

bool IsHttpSuccess(long status) { return status >= 200 && status < 300; }
bool IsRetryableStatus(long status) { return status >= 500 || status == 408 || status == 429; }

}  // namespace

Switches SwitchesFromJson(const nlohmann::json& json) {
  if (!json.is_object()) return {};
  return {Flag(json, "email"), Flag(json, "webhook"), Flag(json, "job_completed"),
          Flag(json, "job_failed")};
}

nlohmann::json ToJson(const Switches& switches) {
  return {{"email", switches.email},
          {"webhook", switches.webhook},
          {"job_completed", switches.job_completed},
          {"job_failed", switches.job_failed}};
}

Notifier::Notifier(store::NotificationStore& store, const auth::SecretBox& secrets,
                   outbound::Transport& transport, NotifierOptions options)
    : store_(store), secrets_(secrets), transport_(transport), options_(std::move(options)) {}

Notifier::~Notifier() { Stop(); }

void Notifier::Start() {
  thread_ = std::thread([this] {
    for (;;) {
      try {
        RunOnce();
      } catch (const std::exception& error) {
        spdlog::error("notifications: {}", error.what());
      }
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, options_.poll, [this] { return stopping_ || woken_; });
      woken_ = false;
      if (stopping_) return;
    }
  });
}

void Notifier::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cancel_sends_ = true;
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Notifier::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

DeliveryCounts Notifier::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

void Notifier::Count(const std::string& channel, const std::string& outcome) {
  std::lock_guard lock(mutex_);
  ++counts_.by_channel_outcome[channel + " " + outcome];
}

std::int64_t Notifier::Now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void Notifier::RunOnce() {
  const std::int64_t now = Now();
  if (now - last_recovery_ >= kRecoverEverySeconds) {
    last_recovery_ = now;
    const std::int64_t unknown = store_.RecoverExpired(now);
    if (unknown > 0) {
      spdlog::error(
          "notifications: {} deliveries were being sent by an instance that stopped; they may or "
          "may not have arrived and are not sent again (an admin can send them again)",
          unknown);
    }
  }
  if (now - last_purge_ >= kPurgeEverySeconds) {
    last_purge_ = now;
    const std::int64_t purged = store_.PurgeFinished(now - kKeepSeconds);
    if (purged > 0) spdlog::info("notifications: removed {} older than 90 days", purged);
  }
  for (const auto& notification : store_.ToExpand(kBatch)) Expand(notification);
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
    }
    const auto due =
        store_.ClaimDue(options_.worker_id, Now(), options_.lease.count(), /*limit=*/1);
    if (due.empty()) return;
    Deliver(due.front());
  }
}

void Notifier::Expand(const store::NotificationRow& notification) {
  std::vector<store::DeliveryTarget> targets;
  const auto add = [&targets](std::string channel, std::string target) {
    const store::DeliveryTarget wanted{std::move(channel), std::move(target)};
    const bool seen = std::any_of(targets.begin(), targets.end(), [&](const auto& existing) {
      return existing.channel == wanted.channel && existing.target == wanted.target;
    });
    if (!seen) targets.push_back(wanted);
  };
  const bool mail = !options_.smtp.url.empty();
  const auto to_operator = [&] {
    if (mail && IsPlainAddress(options_.operator_email)) add("email", options_.operator_email);
    if (!options_.operator_webhook_url.empty()) add("webhook", "operator");
  };
  nlohmann::json data = json::ParseOrNull(notification.data);

  if (notification.kind == "job_finished") {
    const auto job = store_.FinishedJob(notification.job_id);
    if (!job) {
      store_.Expand(notification.id, notification.data, {}, Now());  // the project is gone
      return;
    }
    data = FactsJson(*job);
    const bool failed = job->state == "failed";
    const auto stored = store_.UserSettings(job->owner_id);
    const Switches switches =
        stored ? SwitchesFromJson(json::ParseOrNull(stored->data)) : Switches{};
    if (options_.job_results && (failed ? switches.job_failed : switches.job_completed)) {
      if (switches.email && mail && IsPlainAddress(job->owner_email)) {
        add("email", job->owner_email);
      }
      if (switches.webhook) {
        if (stored && !stored->sealed_webhook_url.empty()) {
          add("webhook", "user:" + std::to_string(job->owner_id));
        }
        if (!job->project_id.empty() && store_.ProjectWebhook(job->project_id)) {
          add("webhook", "project:" + job->project_id);
        }
      }
    }
    if (failed && options_.operator_failures) to_operator();
  } else if (notification.kind == "security") {
    if (!data.is_object()) data = nlohmann::json::object();
    if (notification.user_id) {
      if (const auto account = store_.Recipient(*notification.user_id)) {
        data["account"] = account->second;
      }
    }
    if (options_.security_events) to_operator();
  } else if (notification.kind == "backup_failed") {
    if (options_.operator_failures) to_operator();
  }
  store_.Expand(notification.id, data.is_null() ? notification.data : data.dump(), targets, Now());
}

std::optional<std::string> Notifier::WebhookUrl(const std::string& target) {
  if (target == "operator") {
    if (options_.operator_webhook_url.empty()) return std::nullopt;
    return options_.operator_webhook_url;
  }
  std::optional<std::string> sealed;
  if (target.starts_with("user:")) {
    const auto settings = store_.UserSettings(std::stoll(target.substr(5)));
    if (settings && !settings->sealed_webhook_url.empty()) sealed = settings->sealed_webhook_url;
  } else if (target.starts_with("project:")) {
    sealed = store_.ProjectWebhook(target.substr(8));
  }
  if (!sealed) return std::nullopt;
  return secrets_.Open(*sealed);
}

void Notifier::Deliver(const store::DeliveryRow& delivery) {
  const store::NotificationRow& notification = delivery.notification;
  const nlohmann::json data = json::ParseOrNull(notification.data);
  Message message;
  if (notification.kind == "job_finished") {
    message = DescribeJob(FactsFrom(data), options_.public_base_url);
  } else if (notification.kind == "security") {
    message = DescribeSecurityEvent(data.is_object() ? data : nlohmann::json::object(),
                                    data.is_object() ? data.value("account", std::string()) : "",
                                    options_.public_base_url);
  } else {
    message = DescribeBackupFailure(data.is_object() ? data : nlohmann::json::object());
  }

  bool left = false;        // the message started on its way: from here a failure is not "not sent"
  bool claim_lost = false;  // another instance took the delivery over; it sends it
  const auto mark_sending = [&] {
    left = store_.MarkSending(delivery.id, options_.worker_id);
    claim_lost = !left;
    return left;
  };
  const auto log_claim_lost = [&] {
    spdlog::warn("notification delivery {}: the claim was lost; another instance sends it",
                 delivery.id);
  };
  const std::string& channel = delivery.to.channel;
  const auto retry_or_fail = [&](const std::string& error, bool permanent) {
    std::optional<std::int64_t> next;
    if (!permanent && delivery.attempts < options_.max_attempts) {
      const std::int64_t delay = std::min<std::int64_t>(
          kMaxBackoffSeconds, options_.retry_base.count()
                                  << std::min<std::int64_t>(delivery.attempts - 1, 20));
      next = Now() + delay;
    }
    store_.MarkAttemptFailed(delivery.id, error, next);
    Count(channel, next ? "retry" : "failed");
    if (next) {
      spdlog::warn("notification delivery {} ({}): attempt {} failed: {}; next in {} s",
                   delivery.id, channel, delivery.attempts, error, *next - Now());
    } else {
      spdlog::error("notification delivery {} ({}) failed for good after {} attempt(s): {}",
                    delivery.id, channel, delivery.attempts, error);
    }
  };
  // Stopped by a shutdown before the message left: due again at once, for the next sender.
  const auto interrupted = [&] {
    store_.MarkAttemptFailed(delivery.id, "interrupted by a shutdown before it was sent", Now());
    spdlog::info("notification delivery {} ({}): interrupted by the shutdown; sent later",
                 delivery.id, channel);
  };
  const auto uncertain = [&](const std::string& error) {
    store_.MarkUnknown(delivery.id, error);
    Count(channel, "unknown");
    spdlog::error(
        "notification delivery {} ({}): the connection broke while the message was on its way "
        "({}); it may have arrived and is not sent again automatically",
        delivery.id, channel, error);
  };

  if (channel == "email") {
    if (options_.smtp.url.empty()) return retry_or_fail("SMTP_URL is not set", true);
    MailHeaders headers;
    headers.from = options_.smtp_from;
    headers.from_name = "Agile Backlog Automation";
    headers.to = delivery.to.target;
    headers.message_id = "notification-" + std::to_string(notification.id) + "." +
                         std::to_string(delivery.id) + "@agile-backlog-automation";
    headers.date = Now();
    outbound::MailEnvelope envelope{options_.smtp_from,
                                    {delivery.to.target},
                                    ComposeMail(headers, message),
                                    mark_sending,
                                    &cancel_sends_};
    const outbound::SmtpResult result = outbound::SendMail(options_.smtp, envelope);
    if (result.cancelled && !left) {
      interrupted();
    } else if (result.outcome == outbound::SmtpResult::Outcome::kSent && left) {
      store_.MarkSent(delivery.id, Now());
      Count(channel, "sent");
      spdlog::info("notification delivery {} (email) sent", delivery.id);
    } else if (result.outcome == outbound::SmtpResult::Outcome::kUncertain) {
      uncertain(result.detail);
    } else if (claim_lost) {
      log_claim_lost();
    } else {
      retry_or_fail(result.detail.empty() ? "not sent" : result.detail, result.permanent);
    }
    return;
  }

  const auto url = WebhookUrl(delivery.to.target);
  if (!url) return retry_or_fail("the webhook was removed or cannot be decrypted", true);
  outbound::HttpCall call;
  call.method = "POST";
  call.url = *url;
  call.headers = {"Content-Type: application/json", "Expect:"};
  call.body = AdaptiveCard(message).dump();
  call.connect_timeout = std::chrono::seconds(10);
  call.total_timeout = std::chrono::seconds(30);
  call.fresh_connection = true;
  call.before_request = mark_sending;
  call.cancelled = &cancel_sends_;
  // The operator's own URL is trusted configuration; users' URLs must lead outside.
  call.public_addresses_only = delivery.to.target != "operator" && !options_.webhooks_allow_private;
  const outbound::HttpReply reply = transport_.Send(call);
  if (reply.failure == outbound::HttpReply::Failure::kNone) {
    if (IsHttpSuccess(reply.status)) {
      store_.MarkSent(delivery.id, Now());
      Count(channel, "sent");
      spdlog::info("notification delivery {} (webhook) sent", delivery.id);
      return;
    }
    return retry_or_fail("the webhook answered HTTP " + std::to_string(reply.status),
                         !IsRetryableStatus(reply.status));
  }
  if (!left) {
    if (claim_lost) return log_claim_lost();
    if (reply.failure == outbound::HttpReply::Failure::kCancelled) return interrupted();
    return retry_or_fail(reply.failure_detail,
                         reply.failure_detail.starts_with("refused: the address"));
  }
  uncertain(reply.failure_detail);
}

}  // namespace notify
