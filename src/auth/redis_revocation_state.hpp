#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "auth/revocation_state.hpp"
#include "store/redis/redis_client.hpp"

namespace auth {

// Shared by every instance through Redis: keys expire by themselves (PEXPIREAT).
class RedisRevocationState final : public RevocationState {
 public:
  explicit RedisRevocationState(store::redis::RedisClient& client) : client_(client) {}

  void Revoke(std::string_view id, std::int64_t until) override;
  bool IsRevoked(std::string_view id, std::int64_t now) override;
  std::optional<std::int64_t> TokenVersion(std::int64_t user_id) override;
  void SetTokenVersion(std::int64_t user_id, std::int64_t version) override;

 private:
  store::redis::RedisClient& client_;
};

}  // namespace auth
