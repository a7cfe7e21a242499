#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "auth/rate_limiter.hpp"
#include "store/redis/redis_client.hpp"

namespace auth {

// For every instance sharing one Redis: a Lua script INCRs the key and sets its expiry on the
// first hit, atomically. Keys are stored as "backlog:rl:<key>". Throws store::redis::RedisError
// when Redis fails; the caller decides whether to fail open or closed.
class RedisRateLimiter final : public RateLimiter {
 public:
  explicit RedisRateLimiter(store::redis::RedisClient& client);

  RateDecision Hit(std::string_view key, std::int64_t limit,
                   std::chrono::milliseconds window) override;
  void Reset(std::string_view key) override;

 private:
  store::redis::RedisClient& client_;
};

}  // namespace auth
