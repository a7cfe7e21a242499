#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "llm/model_config.hpp"
#include "llm/provider.hpp"

namespace llm {

// Where each provider is and the server's own keys (from the environment).
struct ProviderDirectory {
  std::string openai_base_url = "https://api.openai.com/v1";
  std::string openai_api_key;
  std::string grok_base_url = "https://api.x.ai/v1";
  std::string grok_api_key;
  std::string ollama_base_url = "http://127.0.0.1:11434";
  std::string compatible_base_url;
  std::string compatible_api_key;
  // The providers users may choose ("openai", ...). Empty: every provider.
  std::vector<std::string> enabled;
};

// What the resolver needs from the users' stored settings; the app implements it over the store
// and the encryption of stored keys.
class UserModelSource {
 public:
  virtual ~UserModelSource() = default;
  virtual ModelSettings Settings(std::int64_t user_id) = 0;
  // The user's own key for a provider, decrypted; nullopt when none is stored.
  virtual std::optional<std::string> ApiKey(std::int64_t user_id, std::string_view provider) = 0;
};

struct ModelAssignment {
  ResolvedModel model;
  Endpoint endpoint;
  bool user_key = false;  // the call uses the user's own key rather than the server's
};

// The one place an agent's model is decided: the user's settings, then the server defaults, then
// the environment; the user's key for that provider when they stored one, else the server's.
class ModelResolver {
 public:
  ModelResolver(ProviderDirectory providers, ModelSettings server_defaults,
                ResolvedModel environment, UserModelSource& users);

  // Throws LlmError(kBadRequest) when the resolved provider is not enabled on this server (a
  // choice stored before the operator narrowed the list).
  ModelAssignment Resolve(std::int64_t user_id, std::string_view agent);
  ResolvedModel Model(std::int64_t user_id, std::string_view agent);

  bool IsEnabled(std::string_view provider) const;
  const std::vector<std::string>& enabled_providers() const { return providers_.enabled; }
  const ModelSettings& server_defaults() const { return server_defaults_; }
  const ResolvedModel& environment() const { return environment_; }

 private:
  ProviderDirectory providers_;
  ModelSettings server_defaults_;
  ResolvedModel environment_;
  UserModelSource& users_;
};

}  // namespace llm
