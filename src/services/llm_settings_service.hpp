#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "auth/secret_box.hpp"
#include "llm/model_config.hpp"
#include "llm/model_resolver.hpp"
#include "services/project_service.hpp"
#include "store/llm_settings_store.hpp"

namespace services {

// A change to a user's LLM settings: new model choices (when given) and provider keys to store
// (a value) or delete (nullopt).
struct LlmSettingsChange {
  std::optional<llm::ModelSettings> settings;
  std::vector<std::pair<std::string, std::optional<std::string>>> keys;
};

struct StoredKeyState {
  bool set = false;
  std::int64_t updated_at = 0;
};

// What a user sees of their LLM settings; keys only as "set" or not.
struct LlmSettingsView {
  llm::ModelSettings own;
  llm::ModelSettings server_defaults;
  llm::ResolvedModel environment;
  std::map<std::string, llm::ResolvedModel> effective;  // per agent
  std::vector<std::string> enabled_providers;
  std::map<std::string, StoredKeyState> keys;  // per provider that takes a key
};

// Each user's model choices and provider keys. Users choose only providers the operator enabled,
// and keys are sealed before they are stored and never come back out.
class LlmSettingsService {
 public:
  LlmSettingsService(llm::ModelResolver& models, store::LlmSettingsStore& store,
                     const auth::SecretBox& secrets, WallClock clock = SystemSeconds);

  LlmSettingsView View(std::int64_t user_id);
  // All or nothing: every part is checked (kInvalid naming the field) before anything is saved.
  LlmSettingsView Save(std::int64_t user_id, const LlmSettingsChange& change);

 private:
  llm::ModelResolver& models_;
  store::LlmSettingsStore& store_;
  const auth::SecretBox& secrets_;
  WallClock clock_;
};

}  // namespace services
