#pragma once

#include "store/session_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

class SqlSessionStore final : public SessionStore {
 public:
  explicit SqlSessionStore(Database& database) : database_(database) {}

  void Create(const SessionRecord& session, std::string_view refresh_hash) override;
  RotationResult Rotate(std::string_view presented_hash, std::string_view new_hash,
                        std::int64_t now) override;
  std::optional<SessionRecord> Find(std::string_view session_id) override;
  std::optional<SessionRecord> FindByRefreshHash(std::string_view hash) override;
  std::vector<SessionRecord> ListActive(std::int64_t user_id, std::int64_t now) override;
  bool Revoke(std::string_view session_id, std::int64_t user_id, std::string_view reason,
              std::int64_t now) override;
  std::vector<std::string> RevokeAll(std::int64_t user_id, std::string_view reason,
                                     std::int64_t now) override;
  std::vector<std::pair<std::string, std::int64_t>> RevokedSince(std::int64_t since) override;
  void RevokeToken(std::string_view jti, std::int64_t expires_at) override;
  std::vector<std::pair<std::string, std::int64_t>> LiveRevokedTokens(std::int64_t now) override;
  PurgeCounts Purge(std::int64_t now, std::int64_t attempts_before) override;

 private:
  Database& database_;
};

}  // namespace store::sql
