#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace store {

struct StoredKey {
  std::string sealed;  // encrypted; opened only where a call needs it
  std::int64_t updated_at = 0;
};

// Each user's LLM settings (JSON text) and encrypted provider API keys.
class LlmSettingsStore {
 public:
  virtual ~LlmSettingsStore() = default;
  virtual std::optional<std::string> Settings(std::int64_t user_id) = 0;
  virtual void SaveSettings(std::int64_t user_id, std::string_view settings_json,
                            std::int64_t now) = 0;
  virtual std::map<std::string, StoredKey> Keys(std::int64_t user_id) = 0;
  virtual void SaveKey(std::int64_t user_id, std::string_view provider, std::string_view sealed,
                       std::int64_t now) = 0;
  virtual void DeleteKey(std::int64_t user_id, std::string_view provider) = 0;
};

}  // namespace store
