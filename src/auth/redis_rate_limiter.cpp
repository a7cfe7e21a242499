#include "auth/redis_rate_limiter.hpp"

#include <string>

namespace auth {
namespace {

using std::chrono::milliseconds;
using store::redis::RedisError;
using store::redis::RedisReply;

constexpr std::string_view kRedisKeyPrefix = "backlog:rl:";

// INCR, and PEXPIRE on the first hit. A key left without an expiry (PTTL -1, e.g. written by
// hand) gets one too, so it cannot block forever.
constexpr const char* kHitScript = R"lua(
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if count == 1 or ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
)lua";

}  // namespace

RedisRateLimiter::RedisRateLimiter(store::redis::RedisClient& client) : client_(client) {}

RateDecision RedisRateLimiter::Hit(std::string_view key, std::int64_t limit, milliseconds window) {
  CheckRateArguments(limit, window);
  const RedisReply reply =
      client_.Eval(kHitScript, {std::string(kRedisKeyPrefix) + std::string(key)},
                   {std::to_string(window.count())});
  if (reply.type == RedisReply::Type::kError) {
    throw RedisError("rate limit script failed: " + reply.text);
  }
  if (reply.type != RedisReply::Type::kArray || reply.elements.size() != 2 ||
      reply.elements[0].type != RedisReply::Type::kInteger ||
      reply.elements[1].type != RedisReply::Type::kInteger) {
    throw RedisError("rate limit script returned an unexpected reply");
  }
  return DecideRate(reply.elements[0].integer, limit, milliseconds(reply.elements[1].integer));
}

void RedisRateLimiter::Reset(std::string_view key) {
  const RedisReply reply =
      client_.Command({"DEL", std::string(kRedisKeyPrefix) + std::string(key)});
  if (reply.type == RedisReply::Type::kError)
    throw RedisError("rate limit reset failed: " + reply.text);
}

}  // namespace auth
