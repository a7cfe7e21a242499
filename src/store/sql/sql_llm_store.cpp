#include "store/sql/sql_llm_store.hpp"

#include "store/sql/sql.hpp"

namespace store::sql {
namespace {

UsageTotals ReadTotals(Statement& query) {
  UsageTotals totals;
  if (query.Step()) {
    totals = {query.ColumnInt(0), query.ColumnInt(1), query.ColumnInt(2), query.ColumnDouble(3)};
  }
  query.Reset();
  return totals;
}

constexpr std::string_view kTotals =
    "SELECT count(*), coalesce(sum(prompt_tokens), 0), coalesce(sum(completion_tokens), 0), "
    "coalesce(sum(cost_usd), 0) FROM llm_calls WHERE ";

}  // namespace

void SqlLlmStore::RecordCall(const LlmCallRow& record) {
  database_.WithConnection([&](Connection& connection) {
    auto& insert = connection.Prepare(
        "INSERT INTO llm_calls (at, provider, model, agent, job_id, user_id, prompt_tokens, "
        "completion_tokens, cost_usd, outcome, latency_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
        "?)");
    insert.BindAll(record.at, record.provider, record.model, record.agent, record.job_id,
                   record.user_id, record.prompt_tokens, record.completion_tokens);
    if (record.cost_usd) {
      insert.Bind(9, *record.cost_usd);
    } else {
      insert.BindNull(9);
    }
    insert.Bind(10, record.outcome).Bind(11, record.latency_ms).Run();
  });
}

std::optional<std::string> SqlLlmStore::FindReply(std::string_view key) {
  std::optional<std::string> content;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT content FROM llm_cache WHERE key = ?");
    query.BindAll(key);
    if (query.Step()) content = query.ColumnText(0);
    query.Reset();
  });
  return content;
}

void SqlLlmStore::SaveReply(std::string_view key, std::string_view content, std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO llm_cache (key, content, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET content = excluded.content, "
            "created_at = excluded.created_at")
        .BindAll(key, content, now)
        .Run();
  });
}

std::optional<std::string> SqlLlmStore::Settings(std::int64_t user_id) {
  std::optional<std::string> settings;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT settings FROM user_llm_settings WHERE user_id = ?");
    query.BindAll(user_id);
    if (query.Step()) settings = query.ColumnText(0);
    query.Reset();
  });
  return settings;
}

void SqlLlmStore::SaveSettings(std::int64_t user_id, std::string_view settings_json,
                               std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO user_llm_settings (user_id, settings, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET settings = excluded.settings, "
            "updated_at = excluded.updated_at")
        .BindAll(user_id, settings_json, now)
        .Run();
  });
}

std::map<std::string, StoredKey> SqlLlmStore::Keys(std::int64_t user_id) {
  std::map<std::string, StoredKey> keys;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(
        "SELECT provider, sealed, updated_at FROM user_api_keys WHERE user_id = ?");
    query.BindAll(user_id);
    while (query.Step()) keys[query.ColumnText(0)] = {query.ColumnText(1), query.ColumnInt(2)};
    query.Reset();
  });
  return keys;
}

void SqlLlmStore::SaveKey(std::int64_t user_id, std::string_view provider, std::string_view sealed,
                          std::int64_t now) {
  database_.WithConnection([&](Connection& connection) {
    connection
        .Prepare(
            "INSERT INTO user_api_keys (user_id, provider, sealed, updated_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (user_id, provider) DO UPDATE SET sealed = excluded.sealed, "
            "updated_at = excluded.updated_at")
        .BindAll(user_id, provider, sealed, now)
        .Run();
  });
}

void SqlLlmStore::DeleteKey(std::int64_t user_id, std::string_view provider) {
  database_.WithConnection([&](Connection& connection) {
    connection.Prepare("DELETE FROM user_api_keys WHERE user_id = ? AND provider = ?")
        .BindAll(user_id, provider)
        .Run();
  });
}

UsageTotals SqlLlmStore::TotalsForJob(std::string_view job_id) {
  UsageTotals totals;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(std::string(kTotals) + "job_id = ?");
    query.BindAll(job_id);
    totals = ReadTotals(query);
  });
  return totals;
}

UsageTotals SqlLlmStore::TotalsForUser(std::int64_t user_id, std::int64_t since) {
  UsageTotals totals;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(std::string(kTotals) + "user_id = ? AND at >= ?");
    query.BindAll(user_id, since);
    totals = ReadTotals(query);
  });
  return totals;
}

}  // namespace store::sql
