#include "api/settings_api.hpp"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "api/json_body.hpp"
#include "auth/auth_service.hpp"
#include "http/api_error.hpp"
#include "llm/model_config.hpp"

namespace api::settings_api {
namespace {

// Providers a user can hold a key for (a local Ollama needs none).
constexpr std::array<std::string_view, 3> kKeyProviders = {"openai", "grok", "compatible"};

http::ApiError Invalid(const std::string& field, const std::string& message) {
  return http::ApiError(422, "validation_failed", "Unprocessable Content", message)
      .WithFieldError(field, message);
}

http::Response Describe(const Services& services, std::int64_t user_id, std::string_view message) {
  const LlmServices& llm = *services.llm;
  nlohmann::json effective = nlohmann::json::object();
  for (const auto& agent : llm::AgentNames()) {
    effective[agent] = llm.models.Model(user_id, agent).ToJson();
  }
  nlohmann::json keys = nlohmann::json::object();
  const auto stored = llm.settings.Keys(user_id);
  for (const auto provider : kKeyProviders) {
    const auto it = stored.find(std::string(provider));
    keys[std::string(provider)] =
        it == stored.end() ? nlohmann::json{{"set", false}}
                           : nlohmann::json{{"set", true}, {"updated_at", it->second.updated_at}};
  }
  const auto own = llm.settings.Settings(user_id);
  const nlohmann::json body = {
      {"success", true},
      {"message", message},
      {"data",
       {{"settings", own ? nlohmann::json::parse(*own) : llm::ModelSettings{}.ToJson()},
        {"server_defaults", llm.models.server_defaults().ToJson()},
        {"environment", llm.models.environment().ToJson()},
        {"effective", effective},
        {"enabled_providers", llm.models.enabled_providers()},
        {"api_keys", keys}}}};
  return http::Response::Json(200, body.dump());
}

std::string NotEnabled(const std::string& provider) {
  return "the provider \"" + provider + "\" is not enabled on this server";
}

// A user routes calls only to providers the operator enabled: anything else could point the
// service at an internal endpoint (a local Ollama, say) on the user's behalf.
void RequireEnabledProviders(const llm::ModelResolver& models, const llm::ModelSettings& settings) {
  const auto check = [&](const llm::ModelChoice& choice, const std::string& field) {
    if (choice.provider && !models.IsEnabled(*choice.provider)) {
      throw Invalid(field, NotEnabled(*choice.provider));
    }
  };
  check(settings.defaults, "settings.defaults.provider");
  for (const auto& [agent, choice] : settings.agents) {
    check(choice, "settings.agents." + agent + ".provider");
  }
}

}  // namespace

http::Handler GetLlmSettings(const Services& services) {
  return [&services](const http::Request& request) {
    return Describe(services, request.principal->user_id, "LLM settings");
  };
}

http::Handler PutLlmSettings(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user_id = request.principal->user_id;
    const nlohmann::json body = JsonObjectBody(request);
    const LlmServices& llm = *services.llm;
    std::optional<llm::ModelSettings> settings;
    if (const auto it = body.find("settings"); it != body.end() && !it->is_null()) {
      try {
        settings = llm::ModelSettings::FromJson(*it);
      } catch (const std::invalid_argument& error) {
        throw Invalid("settings", std::string("settings.") + error.what());
      }
      RequireEnabledProviders(llm.models, *settings);
    }
    std::vector<std::pair<std::string, std::optional<std::string>>> key_changes;
    if (const auto it = body.find("api_keys"); it != body.end() && !it->is_null()) {
      if (!it->is_object()) throw Invalid("api_keys", "api_keys must be an object");
      for (const auto& [provider, value] : it->items()) {
        if (std::find(kKeyProviders.begin(), kKeyProviders.end(), provider) ==
            kKeyProviders.end()) {
          throw Invalid("api_keys." + provider,
                        "keys can be stored for openai, grok and compatible");
        }
        if (!value.is_null() && !llm.models.IsEnabled(provider)) {
          throw Invalid("api_keys." + provider, NotEnabled(provider));
        }
        if (value.is_null()) {
          key_changes.emplace_back(provider, std::nullopt);  // delete it
          continue;
        }
        if (!value.is_string() || value.get<std::string>().empty() ||
            value.get<std::string>().size() > 512) {
          throw Invalid("api_keys." + provider, "a key must be a string of 1 to 512 characters");
        }
        for (unsigned char c : value.get<std::string>()) {
          if (c <= ' ' || c == 0x7F) {
            throw Invalid("api_keys." + provider,
                          "a key must not contain spaces or control characters");
          }
        }
        key_changes.emplace_back(provider, value.get<std::string>());
      }
    }
    const std::int64_t now = auth::SystemClockSeconds();
    if (settings) llm.settings.SaveSettings(user_id, settings->ToJson().dump(), now);
    for (const auto& [provider, key] : key_changes) {
      if (key) {
        llm.settings.SaveKey(user_id, provider, llm.secrets.Seal(*key), now);
      } else {
        llm.settings.DeleteKey(user_id, provider);
      }
    }
    return Describe(services, user_id, "LLM settings saved");
  };
}

}  // namespace api::settings_api
