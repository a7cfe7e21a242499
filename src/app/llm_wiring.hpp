#pragma once

#include <functional>
#include <memory>

#include "app/config.hpp"
#include "auth/secret_box.hpp"
#include "llm/llm_client.hpp"
#include "llm/model_resolver.hpp"
#include "outbound/http_transport.hpp"
#include "services/llm_settings_service.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_llm_store.hpp"
#include "timing/clock.hpp"

namespace app {

// The LLM side, built from the configuration: the client with its limits, the price table, the
// model resolver over users' settings and their encrypted keys, and the client's accounting and
// cache ports over the store. It owns the service's clock, which the pipeline shares.
class LlmStack {
 public:
  // Throws std::runtime_error naming the variable when a configured file cannot be used.
  LlmStack(const Config& config, store::sql::Database& database);
  ~LlmStack();

  timing::Clock& clock() { return clock_; }
  llm::LlmClient& client() { return *client_; }
  llm::ModelResolver& models() { return *models_; }
  services::LlmSettingsService& settings() { return *settings_; }
  store::sql::SqlLlmStore& store() { return store_; }
  // The box users' credentials are sealed in (provider keys here, tracker tokens elsewhere).
  const auth::SecretBox& secrets() const { return secrets_; }
  // Also hands every accounted call to `observer` (metrics); set it before any call is made.
  void ObserveCalls(std::function<void(const llm::CallRecord&)> observer);

 private:
  class UserSource;
  class CallAccounting;
  class StoredReplies;

  timing::SystemClock clock_;
  store::sql::SqlLlmStore store_;
  auth::SecretBox secrets_;
  std::unique_ptr<UserSource> users_;
  std::unique_ptr<CallAccounting> accounting_;
  std::unique_ptr<StoredReplies> replies_;
  std::unique_ptr<llm::ModelResolver> models_;
  outbound::CurlTransport transport_;
  std::unique_ptr<llm::LlmClient> client_;
  std::unique_ptr<services::LlmSettingsService> settings_;
};

}  // namespace app
