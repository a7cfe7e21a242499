#include "services/llm_settings_service.hpp"

#include <algorithm>
#include <array>
#include <exception>
#include <string_view>

#include "services/service_error.hpp"

namespace services {
namespace {

// Providers a user can hold a key for (a local Ollama needs none).
constexpr std::array<std::string_view, 3> kKeyProviders = {"openai", "grok", "compatible"};

std::string NotEnabled(const std::string& provider) {
  return "the provider \"" + provider + "\" is not enabled on this server";
}

// A user routes calls only to providers the operator enabled: anything else could point the
// service at an internal endpoint (a local Ollama, say) on the user's behalf.
void RequireEnabledProviders(const llm::ModelResolver& models, const llm::ModelSettings& settings) {
  const auto check = [&](const llm::ModelChoice& choice, const std::string& field) {
    if (choice.provider && !models.IsEnabled(*choice.provider)) {
      throw ServiceError::Invalid(field, NotEnabled(*choice.provider));
    }
  };
  check(settings.defaults, "settings.defaults.provider");
  for (const auto& [agent, choice] : settings.agents) {
    check(choice, "settings.agents." + agent + ".provider");
  }
}

void RequireUsableKey(const llm::ModelResolver& models, const std::string& provider,
                      const std::optional<std::string>& key) {
  const std::string field = "api_keys." + provider;
  if (std::find(kKeyProviders.begin(), kKeyProviders.end(), provider) == kKeyProviders.end()) {
    throw ServiceError::Invalid(field, "keys can be stored for openai, grok and compatible");
  }
  if (!key) return;  // deleting a key is always allowed
  if (!models.IsEnabled(provider)) throw ServiceError::Invalid(field, NotEnabled(provider));
  if (key->empty() || key->size() > 512) {
    throw ServiceError::Invalid(field, "a key must be a string of 1 to 512 characters");
  }
  for (unsigned char c : *key) {
    if (c <= ' ' || c == 0x7F) {
      throw ServiceError::Invalid(field, "a key must not contain spaces or control characters");
    }
  }
}

}  // namespace

LlmSettingsService::LlmSettingsService(llm::ModelResolver& models, store::LlmSettingsStore& store,
                                       const auth::SecretBox& secrets, WallClock clock)
    : models_(models), store_(store), secrets_(secrets), clock_(std::move(clock)) {}

LlmSettingsView LlmSettingsService::View(std::int64_t user_id) {
  LlmSettingsView view;
  if (const auto own = store_.Settings(user_id)) {
    try {
      view.own = llm::ModelSettings::FromJson(nlohmann::json::parse(*own));
    } catch (const std::exception&) {
      // Saved before a rule changed: shown (and used, see the model resolver) as no choice.
    }
  }
  view.server_defaults = models_.server_defaults();
  view.environment = models_.environment();
  for (const auto& agent : llm::AgentNames()) view.effective[agent] = models_.Model(user_id, agent);
  view.enabled_providers = models_.enabled_providers();
  const auto stored = store_.Keys(user_id);
  for (const auto provider : kKeyProviders) {
    const auto it = stored.find(std::string(provider));
    view.keys[std::string(provider)] =
        it == stored.end() ? StoredKeyState{} : StoredKeyState{true, it->second.updated_at};
  }
  return view;
}

LlmSettingsView LlmSettingsService::Save(std::int64_t user_id, const LlmSettingsChange& change) {
  if (change.settings) RequireEnabledProviders(models_, *change.settings);
  for (const auto& [provider, key] : change.keys) RequireUsableKey(models_, provider, key);
  const std::int64_t now = clock_();
  if (change.settings) store_.SaveSettings(user_id, change.settings->ToJson().dump(), now);
  for (const auto& [provider, key] : change.keys) {
    if (key) {
      store_.SaveKey(user_id, provider, secrets_.Seal(*key), now);
    } else {
      store_.DeleteKey(user_id, provider);
    }
  }
  return View(user_id);
}

}  // namespace services
