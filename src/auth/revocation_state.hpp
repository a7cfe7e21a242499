#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace auth {

// What every authenticated request checks besides the signature, in O(1): revoked token ids,
// revoked sessions, and each user's current token version. The database stays the record;
// this is the fast copy in front of it, in this process or shared through Redis.
class RevocationState {
 public:
  virtual ~RevocationState() = default;

  // `id` is a token's jti or "session:<id>"; it stays revoked until `until` (Unix seconds),
  // after which no token that names it can be valid anyway.
  virtual void Revoke(std::string_view id, std::int64_t until) = 0;
  virtual bool IsRevoked(std::string_view id, std::int64_t now) = 0;

  // The current token version of a user, when this state knows it.
  virtual std::optional<std::int64_t> TokenVersion(std::int64_t user_id) = 0;
  // Versions only grow: a lower value than the one known is ignored, so a request that read the
  // database just before a bump cannot bring an old version back.
  virtual void SetTokenVersion(std::int64_t user_id, std::int64_t version) = 0;
};

// One process. Expired entries are swept as new ones arrive, so memory stays bounded.
class InMemoryRevocationState final : public RevocationState {
 public:
  void Revoke(std::string_view id, std::int64_t until) override;
  bool IsRevoked(std::string_view id, std::int64_t now) override;
  std::optional<std::int64_t> TokenVersion(std::int64_t user_id) override;
  void SetTokenVersion(std::int64_t user_id, std::int64_t version) override;

 private:
  void SweepLocked(std::int64_t now);

  std::mutex mutex_;
  std::unordered_map<std::string, std::int64_t> revoked_;
  std::unordered_map<std::int64_t, std::int64_t> versions_;
  std::int64_t last_sweep_ = 0;
};

inline std::string SessionRevocationId(std::string_view session_id) {
  return "session:" + std::string(session_id);
}

}  // namespace auth
