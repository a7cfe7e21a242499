#include "auth/rate_limiter.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace auth {
namespace {

using std::chrono::milliseconds;

// Each shard drops ended windows at most this often, on its next hit.
constexpr auto kSweepInterval = std::chrono::seconds(1);

}  // namespace

void CheckRateArguments(std::int64_t limit, milliseconds window) {
  if (limit < 0) throw std::invalid_argument("rate limit must not be negative");
  if (window <= milliseconds::zero()) throw std::invalid_argument("rate window must be positive");
}

RateDecision DecideRate(std::int64_t count, std::int64_t limit, milliseconds reset_after) {
  return RateDecision{.allowed = count <= limit,
                      .limit = limit,
                      .remaining = std::max<std::int64_t>(0, limit - count),
                      .reset_after = std::max(reset_after, milliseconds::zero())};
}

InMemoryRateLimiter::InMemoryRateLimiter(Clock clock) : clock_(std::move(clock)) {}

InMemoryRateLimiter::Shard& InMemoryRateLimiter::ShardFor(std::string_view key) {
  return shards_[StringHash{}(key) % kShards];
}

RateDecision InMemoryRateLimiter::Hit(std::string_view key, std::int64_t limit,
                                      milliseconds window) {
  CheckRateArguments(limit, window);
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
  return DecideRate(current.count, limit, std::chrono::ceil<milliseconds>(current.ends - now));
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

}  // namespace auth
