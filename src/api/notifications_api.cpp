#include "api/notifications_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "api/request_fields.hpp"
#include "http/api_error.hpp"
#include "services/notification_service.hpp"

namespace api::notifications_api {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;

http::Response Describe(const services::NotificationSettings& settings, std::string_view message) {
  nlohmann::json data = notify::ToJson(settings.switches);
  data["webhook_url"] = settings.webhook_set ? "set" : "not set";
  data["email_available"] = settings.email_available;
  data["email_address"] = settings.email;
  const nlohmann::json body = {{"success", true}, {"message", message}, {"data", data}};
  return http::Response::Json(200, body.dump());
}

nlohmann::json DeliveryJson(const store::DeliveryRow& delivery) {
  nlohmann::json json = {
      {"id", delivery.id},
      {"notification_id", delivery.notification.id},
      {"kind", delivery.notification.kind},
      {"channel", delivery.to.channel},
      {"state", store::DeliveryStateName(delivery.state)},
      {"attempts", delivery.attempts},
      {"next_attempt_at", delivery.next_attempt_at},
      {"last_error", delivery.last_error},
      {"created_at", delivery.created_at},
      {"sent_at", delivery.sent_at ? nlohmann::json(*delivery.sent_at) : nlohmann::json(nullptr)}};
  // An address is shown; a webhook only by whose it is (its URL is a secret).
  json["recipient"] = delivery.to.target;
  if (!delivery.notification.job_id.empty()) json["job_id"] = delivery.notification.job_id;
  return json;
}

}  // namespace

http::Handler GetSettings(const Services& services) {
  return [&services](const http::Request& request) {
    return Describe(services.notifications.Settings(request.principal->user_id),
                    "Notification settings");
  };
}

http::Handler PutSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body = JsonObjectBody(request);
    services::NotificationSettingsUpdate update;
    update.email = OptionalBool(body, "email");
    update.webhook = OptionalBool(body, "webhook");
    update.job_completed = OptionalBool(body, "job_completed");
    update.job_failed = OptionalBool(body, "job_failed");
    update.webhook_url = OptionalString(body, "webhook_url", kMaxUrlBytes);
    return Describe(services.notifications.SaveSettings(request.principal->user_id, update),
                    "Notification settings saved");
  };
}

http::Handler GetProjectSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const bool set = services.notifications.ProjectWebhookSet(request.principal->user_id,
                                                              request.PathParam("id"));
    const nlohmann::json body = {{"success", true},
                                 {"message", "Project notifications"},
                                 {"data", {{"webhook_url", set ? "set" : "not set"}}}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler PutProjectSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json body = JsonObjectBody(request);
    const std::string url = RequiredString(body, "webhook_url", kMaxUrlBytes);
    services.notifications.SaveProjectWebhook(request.principal->user_id, request.PathParam("id"),
                                              url);
    const nlohmann::json answer = {
        {"success", true},
        {"message", url.empty() ? "Project webhook removed" : "Project webhook saved"},
        {"data", {{"webhook_url", url.empty() ? "not set" : "set"}}}};
    return http::Response::Json(200, answer.dump());
  };
}

http::Handler ListDeliveries(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t limit = QueryNumber(request, "limit", 100, 1, 500);
    const auto state = request.QueryParam("state").value_or("");
    nlohmann::json deliveries = nlohmann::json::array();
    for (const auto& delivery : services.notifications.Deliveries(limit, state)) {
      deliveries.push_back(DeliveryJson(delivery));
    }
    const nlohmann::json body = {{"success", true},
                                 {"message", "Notification deliveries, newest first"},
                                 {"data", {{"deliveries", deliveries}}}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler SendAgain(const Services& services) {
  return [&services](const http::Request& request) {
    const std::string_view text = request.PathParam("id");
    std::int64_t id = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc{} || end != text.data() + text.size() || id <= 0) {
      throw http::NotFoundError("No such delivery.");
    }
    services.notifications.SendAgain(id);
    const nlohmann::json body = {
        {"success", true}, {"message", "Queued to be sent again"}, {"data", {{"id", id}}}};
    return http::Response::Json(200, body.dump());
  };
}

}  // namespace api::notifications_api
