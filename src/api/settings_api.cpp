#include "api/settings_api.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "api/json_body.hpp"
#include "api/request_fields.hpp"

namespace api::settings_api {
namespace {

http::Response Describe(const services::LlmSettingsView& view, std::string_view message) {
  nlohmann::json effective = nlohmann::json::object();
  for (const auto& [agent, model] : view.effective) effective[agent] = model.ToJson();
  nlohmann::json keys = nlohmann::json::object();
  for (const auto& [provider, state] : view.keys) {
    keys[provider] = state.set ? nlohmann::json{{"set", true}, {"updated_at", state.updated_at}}
                               : nlohmann::json{{"set", false}};
  }
  const nlohmann::json body = {{"success", true},
                               {"message", message},
                               {"data",
                                {{"settings", view.own.ToJson()},
                                 {"server_defaults", view.server_defaults.ToJson()},
                                 {"environment", view.environment.ToJson()},
                                 {"effective", effective},
                                 {"enabled_providers", view.enabled_providers},
                                 {"api_keys", keys}}}};
  return http::Response::Json(200, body.dump());
}

services::LlmSettingsChange ChangeFrom(const nlohmann::json& body) {
  services::LlmSettingsChange change;
  if (const auto it = body.find("settings"); it != body.end() && !it->is_null()) {
    try {
      change.settings = llm::ModelSettings::FromJson(*it);
    } catch (const std::invalid_argument& error) {
      throw Invalid("settings", std::string("settings.") + error.what());
    }
  }
  if (const auto it = body.find("api_keys"); it != body.end() && !it->is_null()) {
    if (!it->is_object()) throw Invalid("api_keys", "api_keys must be an object");
    for (const auto& [provider, value] : it->items()) {
      if (value.is_null()) {
        change.keys.emplace_back(provider, std::nullopt);  // delete it
      } else if (value.is_string()) {
        change.keys.emplace_back(provider, value.get<std::string>());
      } else {
        throw Invalid("api_keys." + provider, "a key must be a string of 1 to 512 characters");
      }
    }
  }
  return change;
}

}  // namespace

http::Handler GetLlmSettings(const Services& services) {
  return [&services](const http::Request& request) {
    return Describe(services.llm_settings.View(request.principal->user_id), "LLM settings");
  };
}

http::Handler PutLlmSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const services::LlmSettingsChange change = ChangeFrom(JsonObjectBody(request));
    return Describe(services.llm_settings.Save(request.principal->user_id, change),
                    "LLM settings saved");
  };
}

}  // namespace api::settings_api
