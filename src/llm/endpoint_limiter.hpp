#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "timing/clock.hpp"

namespace llm {

struct LimiterOptions {
  int max_in_flight = 8;                 // calls at once to this endpoint
  std::int64_t requests_per_minute = 0;  // 0: learn from the provider's headers, else unlimited
  std::int64_t tokens_per_minute = 0;
};

// Keeps one provider endpoint within its limits for every job and thread of the service: a bound
// on calls in flight, request and token budgets per minute (taken from configuration and adapted
// to the x-ratelimit-* headers the provider sends), and a pause everyone observes after a 429.
class EndpointLimiter {
 public:
  using Time = timing::Clock::SteadyTime;

  // Budgets and pauses run on `clock`, which must outlive the limiter.
  EndpointLimiter(LimiterOptions options, timing::Clock& clock);

  // A slot for one call. Released when destroyed; Record the real token count if known.
  class Permit {
   public:
    Permit(Permit&& other) noexcept;
    Permit& operator=(Permit&&) = delete;
    ~Permit();
    void RecordTokens(std::int64_t tokens);

   private:
    friend class EndpointLimiter;
    Permit(EndpointLimiter* limiter, std::uint64_t id) : limiter_(limiter), id_(id) {}
    EndpointLimiter* limiter_;
    std::uint64_t id_;
  };

  // Waits until a call may start, or returns nullopt when `cancelled` becomes true first (seen
  // within timing::Clock::kCancelPoll). Waiting calls are served by `priority` (lower first), then
  // in order of arrival.
  std::optional<Permit> Acquire(std::int64_t estimated_tokens, const std::atomic<bool>* cancelled,
                                int priority = 0);

  // Adapts to the provider's view of our budget (x-ratelimit-limit/remaining/reset-*).
  void Observe(const std::map<std::string, std::string>& headers);
  // After a 429: nobody starts a call to this endpoint before the wait is over.
  void PauseFor(std::chrono::milliseconds wait);

  int max_in_flight_seen() const { return max_in_flight_seen_.load(); }
  int in_flight() const;

  // Calls that had to wait for a slot or budget, and their waiting time in all, for /metrics.
  struct Waits {
    std::uint64_t calls = 0;
    double seconds = 0;
  };
  Waits waits() const;

 private:
  struct Sent {
    Time at;
    std::int64_t tokens;
    std::uint64_t id;
  };
  void Release(std::uint64_t id);
  void WakeFirstLocked();
  void Adjust(std::uint64_t id, std::int64_t tokens);
  // The earliest time the budgets allow one more call of `tokens`, given the window.
  Time NextAllowedLocked(std::int64_t tokens, Time now);

  LimiterOptions options_;
  timing::Clock& clock_;
  mutable std::mutex mutex_;
  int in_flight_ = 0;
  std::deque<Sent> window_;  // calls started in the last minute
  // The waiting calls in the order they are served, (priority, ticket), each with its own
  // condition variable: a freed slot wakes only the first in line.
  std::map<std::pair<int, std::uint64_t>, std::condition_variable*> waiting_;
  std::uint64_t next_ticket_ = 1;
  std::uint64_t next_id_ = 1;
  Time paused_until_{};
  std::int64_t learned_rpm_ = 0;
  std::int64_t learned_tpm_ = 0;
  std::atomic<int> max_in_flight_seen_{0};
  Waits waits_;
};

struct BreakerOptions {
  int failure_threshold = 5;                   // consecutive failures that open it
  std::chrono::milliseconds open_for{30'000};  // then one probe call is let through
};

// One per provider endpoint: after repeated outages (5xx, timeouts, unreachable) calls fail fast
// for a while instead of piling up; then a single probe decides whether to close again.
class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  // `clock` must outlive the breaker.
  CircuitBreaker(BreakerOptions options, timing::Clock& clock);

  // Whether a call may go ahead now; in half-open state only one probe at a time.
  bool Allow();
  void RecordSuccess();
  void RecordFailure();
  State state();
  std::chrono::milliseconds RetryIn();

 private:
  BreakerOptions options_;
  timing::Clock& clock_;
  std::mutex mutex_;
  State state_ = State::kClosed;
  int failures_ = 0;
  timing::Clock::SteadyTime opened_at_{};
  bool probe_in_flight_ = false;
};

}  // namespace llm
