#include "app/llm_wiring.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace llm {
extern const std::string_view kDefaultPriceTable;
}

namespace app {

class LlmStack::UserSource final : public llm::UserModelSource {
 public:
  UserSource(store::sql::SqlLlmStore& store, const auth::SecretBox& secrets)
      : store_(store), secrets_(secrets) {}

  llm::ModelSettings Settings(std::int64_t user_id) override {
    const auto text = store_.Settings(user_id);
    if (!text) return {};
    try {
      return llm::ModelSettings::FromJson(nlohmann::json::parse(*text));
    } catch (const std::exception& error) {
      spdlog::error("the stored LLM settings of user id {} are unreadable: {}", user_id,
                    error.what());
      return {};
    }
  }

  std::optional<std::string> ApiKey(std::int64_t user_id, std::string_view provider) override {
    const auto keys = store_.Keys(user_id);
    const auto it = keys.find(std::string(provider));
    if (it == keys.end()) return std::nullopt;
    auto key = secrets_.Open(it->second.sealed);
    if (!key) {
      spdlog::error(
          "the stored {} key of user id {} cannot be decrypted (was the encryption "
          "secret changed?); using the server's key",
          provider, user_id);
    }
    return key;
  }

 private:
  store::sql::SqlLlmStore& store_;
  const auth::SecretBox& secrets_;
};

// The client's accounting port: each call becomes a row of the store.
class LlmStack::CallAccounting final : public llm::UsageRecorder {
 public:
  explicit CallAccounting(store::LlmCallStore& store) : store_(store) {}

  void Record(const llm::CallRecord& record) override {
    if (observer_) observer_(record);
    store_.RecordCall({record.at, record.provider, record.model, record.agent, record.job_id,
                       record.user_id, record.prompt_tokens, record.completion_tokens,
                       record.cost_usd, record.outcome, record.latency_ms});
  }

  std::function<void(const llm::CallRecord&)> observer_;

 private:
  store::LlmCallStore& store_;
};

// The client's cache port over the replies kept in the store.
class LlmStack::StoredReplies final : public llm::ResponseCache {
 public:
  StoredReplies(store::LlmReplyCache& store, const timing::Clock& clock)
      : store_(store), clock_(clock) {}

  std::optional<std::string> Find(const std::string& key) override { return store_.FindReply(key); }
  void Store(const std::string& key, const std::string& content) override {
    store_.SaveReply(key, content, timing::UnixSeconds(clock_));
  }

 private:
  store::LlmReplyCache& store_;
  const timing::Clock& clock_;
};

namespace {

std::string ReadFile(const std::filesystem::path& file, const char* variable) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(std::string(variable) + ": cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

LlmStack::LlmStack(const Config& config, store::sql::Database& database)
    : store_(database),
      secrets_(config.data_encryption_key.empty() ? config.jwt_secret_key
                                                  : config.data_encryption_key) {
  if (config.data_encryption_key.empty()) {
    spdlog::warn(
        "DATA_ENCRYPTION_KEY is not set: stored provider keys are encrypted under a key "
        "derived from JWT_SECRET_KEY, and rotating that secret will make them unreadable");
  }
  users_ = std::make_unique<UserSource>(store_, secrets_);
  accounting_ = std::make_unique<CallAccounting>(store_);
  replies_ = std::make_unique<StoredReplies>(store_, clock_);

  llm::ModelSettings server_defaults;
  if (!config.llm_defaults_file.empty()) {
    try {
      server_defaults = llm::ModelSettings::FromJson(
          nlohmann::json::parse(ReadFile(config.llm_defaults_file, "LLM_DEFAULTS_FILE")));
    } catch (const nlohmann::json::exception& error) {
      throw std::runtime_error("LLM_DEFAULTS_FILE: " + config.llm_defaults_file.string() +
                               " is not valid JSON: " + error.what());
    } catch (const std::invalid_argument& error) {
      throw std::runtime_error("LLM_DEFAULTS_FILE: " + config.llm_defaults_file.string() + ": " +
                               error.what());
    }
  }
  llm::ProviderDirectory providers;
  providers.openai_base_url = config.openai_base_url;
  providers.openai_api_key = config.openai_api_key;
  providers.grok_base_url = config.grok_base_url;
  providers.grok_api_key = config.grok_api_key;
  providers.ollama_base_url = config.ollama_base_url;
  providers.compatible_base_url = config.compatible_base_url;
  providers.compatible_api_key = config.compatible_api_key;
  providers.enabled = config.llm_allowed_providers;
  // What the operator's own defaults file names is enabled by that choice.
  const auto enable = [&](const llm::ModelChoice& choice) {
    if (choice.provider && std::find(providers.enabled.begin(), providers.enabled.end(),
                                     *choice.provider) == providers.enabled.end()) {
      providers.enabled.push_back(*choice.provider);
    }
  };
  enable(server_defaults.defaults);
  for (const auto& [agent, choice] : server_defaults.agents) enable(choice);
  models_ = std::make_unique<llm::ModelResolver>(
      providers, server_defaults,
      llm::ResolvedModel{config.llm_provider, config.llm_model, config.llm_temperature,
                         config.llm_max_tokens},
      *users_);

  llm::PriceTable prices;
  try {
    prices = config.llm_prices_file.empty() ? llm::PriceTable::Parse(llm::kDefaultPriceTable)
                                            : llm::PriceTable::Load(config.llm_prices_file);
  } catch (const std::exception& error) {
    throw std::runtime_error(std::string("LLM_PRICES_FILE: ") + error.what());
  }
  llm::ClientOptions options;
  options.limits = {config.llm_max_in_flight, config.llm_requests_per_minute,
                    config.llm_tokens_per_minute};
  options.call_timeout = config.llm_timeout;
  options.retry.max_attempts = config.llm_max_attempts;
  client_ = std::make_unique<llm::LlmClient>(options, transport_, clock_, accounting_.get(),
                                             config.llm_cache ? replies_.get() : nullptr,
                                             std::move(prices));
  settings_ = std::make_unique<services::LlmSettingsService>(*models_, store_, secrets_);
}

LlmStack::~LlmStack() = default;

void LlmStack::ObserveCalls(std::function<void(const llm::CallRecord&)> observer) {
  accounting_->observer_ = std::move(observer);
}

}  // namespace app
