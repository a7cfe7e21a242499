#include "services/notification_service.hpp"

#include <algorithm>
#include <array>

#include "json/bounded_parse.hpp"
#include "outbound/public_address.hpp"
#include "services/service_error.hpp"

namespace services {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;

store::NotificationSettingsRow Stored(store::NotificationStore& store, std::int64_t user_id) {
  return store.UserSettings(user_id).value_or(store::NotificationSettingsRow{"{}", ""});
}

}  // namespace

std::string WebhookUrlProblem(std::string_view url, bool allow_private) {
  std::string_view rest;
  if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else if (allow_private && url.starts_with("http://")) {
    rest = url.substr(7);
  } else {
    return allow_private ? "must start with https:// or http://" : "must start with https://";
  }
  if (url.size() > kMaxUrlBytes) return "must be at most 2048 characters";
  if (std::any_of(url.begin(), url.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte <= 0x20 || byte == 0x7f;
      })) {
    return "must not contain spaces or control characters";
  }
  const std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) return "must name a host";
  if (authority.find('@') != std::string_view::npos) return "must not contain credentials";
  std::string_view host = authority;
  if (host.starts_with('[')) {
    host = host.substr(1, host.find(']') - 1);
  } else {
    host = host.substr(0, host.find(':'));
  }
  if (!allow_private) {
    std::string lower(host);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool numeric = lower.find_first_not_of("0123456789.") == std::string::npos ||
                         lower.find(':') != std::string::npos;
    if (lower == "localhost" || lower.ends_with(".localhost") ||
        (numeric && !outbound::IsPublicAddress(lower))) {
      return "must lead to a public address (this server does not post to its own network)";
    }
  }
  return "";
}

NotificationService::NotificationService(store::NotificationStore& store, ProjectService& projects,
                                         const auth::SecretBox& secrets,
                                         NotificationServiceOptions options, WallClock clock)
    : store_(store),
      projects_(projects),
      secrets_(secrets),
      options_(options),
      clock_(std::move(clock)) {}

NotificationSettings NotificationService::Settings(std::int64_t user_id) {
  const auto stored = Stored(store_, user_id);
  NotificationSettings settings;
  settings.switches = notify::SwitchesFromJson(json::ParseOrNull(stored.data));
  settings.webhook_set = !stored.sealed_webhook_url.empty();
  settings.email_available = options_.email_available;
  if (const auto recipient = store_.Recipient(user_id)) settings.email = recipient->first;
  return settings;
}

std::string NotificationService::SealedWebhook(std::string_view url) const {
  if (url.empty()) return "";
  if (const std::string problem = WebhookUrlProblem(url, options_.webhooks_allow_private);
      !problem.empty()) {
    throw ServiceError::Invalid("webhook_url", "The webhook URL " + problem + ".");
  }
  return secrets_.Seal(url);
}

NotificationSettings NotificationService::SaveSettings(std::int64_t user_id,
                                                       const NotificationSettingsUpdate& update) {
  auto stored = Stored(store_, user_id);
  notify::Switches switches = notify::SwitchesFromJson(json::ParseOrNull(stored.data));
  if (update.email) switches.email = *update.email;
  if (update.webhook) switches.webhook = *update.webhook;
  if (update.job_completed) switches.job_completed = *update.job_completed;
  if (update.job_failed) switches.job_failed = *update.job_failed;
  stored.data = notify::ToJson(switches).dump();
  if (update.webhook_url) stored.sealed_webhook_url = SealedWebhook(*update.webhook_url);
  store_.SaveUserSettings(user_id, stored, clock_());
  return Settings(user_id);
}

bool NotificationService::ProjectWebhookSet(std::int64_t owner, std::string_view project_id) {
  const backlog::Project project = projects_.Get(owner, project_id);
  return store_.ProjectWebhook(project.id).has_value();
}

void NotificationService::SaveProjectWebhook(std::int64_t owner, std::string_view project_id,
                                             std::string_view url) {
  const backlog::Project project = projects_.Get(owner, project_id);
  store_.SaveProjectWebhook(project.id, SealedWebhook(url), clock_());
}

std::vector<store::DeliveryRow> NotificationService::Deliveries(std::int64_t limit,
                                                                std::string_view state) {
  std::optional<store::DeliveryState> wanted;
  if (!state.empty()) {
    for (const auto candidate : {store::DeliveryState::kPending, store::DeliveryState::kClaimed,
                                 store::DeliveryState::kSending, store::DeliveryState::kSent,
                                 store::DeliveryState::kFailed, store::DeliveryState::kUnknown}) {
      if (store::DeliveryStateName(candidate) == state) wanted = candidate;
    }
    if (!wanted) {
      throw ServiceError::Invalid(
          "state", "state must be one of pending, claimed, sending, sent, failed, unknown.");
    }
  }
  return store_.RecentDeliveries(limit, wanted);
}

void NotificationService::SendAgain(std::int64_t delivery_id) {
  if (!store_.Requeue(delivery_id, clock_())) {
    throw ServiceError(ErrorKind::kConflict, "conflict",
                       "Only a failed delivery, or one whose outcome is unknown, can be sent "
                       "again (and only one that exists).");
  }
}

}  // namespace services
