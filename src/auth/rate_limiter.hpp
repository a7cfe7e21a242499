#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace auth {

struct RateDecision {
  bool allowed = true;
  std::int64_t limit = 0;
  std::int64_t remaining = 0;                // after this hit, never negative
  std::chrono::milliseconds reset_after{0};  // until the current window ends
};

// Fixed-window counter: at most `limit` hits per key per window, counted atomically. The window
// starts with a key's first hit. Hit() throws std::invalid_argument for a negative limit or a
// window that is not positive.
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  virtual RateDecision Hit(std::string_view key, std::int64_t limit,
                           std::chrono::milliseconds window) = 0;
  // Forgets a key (e.g. an admin clears a limit).
  virtual void Reset(std::string_view key) = 0;
};

// For implementations: Hit()'s argument checks, and its answer for the `count`-th hit of a window
// that ends in `reset_after`.
void CheckRateArguments(std::int64_t limit, std::chrono::milliseconds window);
RateDecision DecideRate(std::int64_t count, std::int64_t limit,
                        std::chrono::milliseconds reset_after);

// For one process: a sharded hash map; windows that ended are swept so memory stays bounded.
class InMemoryRateLimiter final : public RateLimiter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit InMemoryRateLimiter(Clock clock = [] { return std::chrono::steady_clock::now(); });

  RateDecision Hit(std::string_view key, std::int64_t limit,
                   std::chrono::milliseconds window) override;
  void Reset(std::string_view key) override;

  std::size_t TrackedKeysForTest() const;

 private:
  struct Window {
    std::chrono::steady_clock::time_point ends;
    std::int64_t count = 0;
  };
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Window, StringHash, std::equal_to<>> windows;
    std::chrono::steady_clock::time_point next_sweep;
  };
  static constexpr std::size_t kShards = 16;

  Shard& ShardFor(std::string_view key);

  Clock clock_;
  std::array<Shard, kShards> shards_;
};

}  // namespace auth
