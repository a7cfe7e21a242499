#pragma once

#include "store/llm_call_store.hpp"
#include "store/llm_settings_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

// LLM accounting, the response cache and per-user LLM settings in SQLite.
class SqlLlmStore final : public LlmCallStore, public LlmReplyCache, public LlmSettingsStore {
 public:
  explicit SqlLlmStore(Database& database) : database_(database) {}

  void RecordCall(const LlmCallRow& call) override;
  UsageTotals TotalsForJob(std::string_view job_id) override;
  UsageTotals TotalsForUser(std::int64_t user_id, std::int64_t since) override;

  std::optional<std::string> FindReply(std::string_view key) override;
  void SaveReply(std::string_view key, std::string_view content, std::int64_t now) override;

  std::optional<std::string> Settings(std::int64_t user_id) override;
  void SaveSettings(std::int64_t user_id, std::string_view settings_json,
                    std::int64_t now) override;
  std::map<std::string, StoredKey> Keys(std::int64_t user_id) override;
  void SaveKey(std::int64_t user_id, std::string_view provider, std::string_view sealed,
               std::int64_t now) override;
  void DeleteKey(std::int64_t user_id, std::string_view provider) override;

 private:
  Database& database_;
};

}  // namespace store::sql
