#pragma once

#include "llm/usage.hpp"
#include "store/llm_settings_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace store::sqlite {

// LLM accounting, the response cache and per-user LLM settings in SQLite.
class SqliteLlmStore final : public llm::UsageRecorder,
                             public llm::ResponseCache,
                             public LlmSettingsStore {
 public:
  explicit SqliteLlmStore(SqliteDatabase& database) : database_(database) {}

  void Record(const llm::CallRecord& record) override;
  std::optional<std::string> Find(const std::string& key) override;
  void Store(const std::string& key, const std::string& content) override;

  std::optional<std::string> Settings(std::int64_t user_id) override;
  void SaveSettings(std::int64_t user_id, std::string_view settings_json,
                    std::int64_t now) override;
  std::map<std::string, StoredKey> Keys(std::int64_t user_id) override;
  void SaveKey(std::int64_t user_id, std::string_view provider, std::string_view sealed,
               std::int64_t now) override;
  void DeleteKey(std::int64_t user_id, std::string_view provider) override;

  UsageTotals TotalsForJob(std::string_view job_id);
  UsageTotals TotalsForUser(std::int64_t user_id, std::int64_t since);

 private:
  SqliteDatabase& database_;
};

}  // namespace store::sqlite
