#include "auth/rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace auth {
namespace {

using std::chrono::milliseconds;
using store::redis::RedisError;
using store::redis::RedisReply;

// Each shard drops ended windows at most this often, on its next hit.
constexpr auto kSweepInterval = std::chrono::seconds(1);

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

void CheckArguments(std::int64_t limit, milliseconds window) {
  if (limit < 0) throw std::invalid_argument("rate limit must not be negative");
  if (window <= milliseconds::zero()) throw std::invalid_argument("rate window must be positive");
}

RateDecision Decide(std::int64_t count, std::int64_t limit, milliseconds reset_after) {
  return RateDecision{.allowed = count <= limit,
                      .limit = limit,
                      .remaining = std::max<std::int64_t>(0, limit - count),
                      .reset_after = std::max(reset_after, milliseconds::zero())};
}

}  // namespace

InMemoryRateLimiter::InMemoryRateLimiter(Clock clock) : clock_(std::move(clock)) {}

InMemoryRateLimiter::Shard& InMemoryRateLimiter::ShardFor(std::string_view key) {
  return shards_[StringHash{}(key) % kShards];
}

RateDecision InMemoryRateLimiter::Hit(std::string_view key, std::int64_t limit,
                                      milliseconds window) {
  CheckArguments(limit, window);
  const auto now = clock_();
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  if (now >= shard.next_sweep) {
    std::erase_if(shard.windows, [&](const auto& entry) { return entry.second.ends <= now; });
    shard.next_sweep = now + kSweepInterval;
  }
  auto found = shard.windows.find(key);
  if (found == shard.windows.end()) {
    found = shard.windows.emplace(std::string(key), Window{now + window, 0}).first;
  } else if (found->second.ends <= now) {
    found->second = Window{now + window, 0};
  }
  Window& current = found->second;
  // Refused hits stop counting, so the count cannot grow without bound.
  if (current.count <= limit) ++current.count;
  return Decide(current.count, limit, std::chrono::ceil<milliseconds>(current.ends - now));
}

void InMemoryRateLimiter::Reset(std::string_view key) {
  Shard& shard = ShardFor(key);
  std::lock_guard lock(shard.mutex);
  if (const auto found = shard.windows.find(key); found != shard.windows.end()) {
    shard.windows.erase(found);
  }
}

std::size_t InMemoryRateLimiter::TrackedKeysForTest() const {
  std::size_t total = 0;
  for (const Shard& shard : shards_) {
    std::lock_guard lock(shard.mutex);
    total += shard.windows.size();
  }
  return total;
}

RedisRateLimiter::RedisRateLimiter(store::redis::RedisClient& client) : client_(client) {}

RateDecision RedisRateLimiter::Hit(std::string_view key, std::int64_t limit, milliseconds window) {
  CheckArguments(limit, window);
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
  return Decide(reply.elements[0].integer, limit, milliseconds(reply.elements[1].integer));
}

void RedisRateLimiter::Reset(std::string_view key) {
  const RedisReply reply =
      client_.Command({"DEL", std::string(kRedisKeyPrefix) + std::string(key)});
  if (reply.type == RedisReply::Type::kError)
    throw RedisError("rate limit reset failed: " + reply.text);
}

}  // namespace auth
