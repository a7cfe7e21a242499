#pragma once

// The one source of time for llm/ and pipeline/: what time it is, and every wait for time to
// pass (limits, back-off, polls, leases). Injected, so a test moves time by hand instead of
// sleeping. A leaf module: it depends on nothing of ours.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace timing {

class Clock {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;
  using WallTime = std::chrono::system_clock::time_point;

  // How often a wait notices a cancel flag: nothing notifies a std::atomic<bool>.
  static constexpr std::chrono::milliseconds kCancelPoll{50};

  virtual ~Clock() = default;

  // Monotonic time, for intervals, deadlines and budgets.
  virtual SteadyTime Now() const = 0;
  // Calendar time, for what is stored or compared across processes (events, leases, accounting).
  virtual WallTime WallNow() const = 0;

  // Waits on `cv` with `lock` held, as std::condition_variable::wait_until does: returns when
  // `cv` is notified or `deadline` (on this clock) has come. May return early, so callers
  // re-check their condition.
  virtual void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                         SteadyTime deadline) = 0;

  // WaitUntil until `ready()` holds or the deadline comes; returns ready().
  template <typename Predicate>
  bool WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                 SteadyTime deadline, Predicate ready) {
    while (!ready()) {
      if (Now() >= deadline) return ready();
      WaitUntil(cv, lock, deadline);
    }
    return true;
  }

  // Sleeps until `deadline`; returns false as soon as `*cancelled` (if given) is seen true,
  // which is checked every kCancelPoll of this clock's time.
  bool SleepUntil(SteadyTime deadline, const std::atomic<bool>* cancelled = nullptr);
};

// Whole seconds since the Unix epoch, as the stores keep time.
std::int64_t UnixSeconds(const Clock& clock);

// The real clocks: std::chrono::steady_clock and system_clock.
class SystemClock final : public Clock {
 public:
  using Clock::WaitUntil;

  SteadyTime Now() const override { return std::chrono::steady_clock::now(); }
  WallTime WallNow() const override { return std::chrono::system_clock::now(); }
  void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                 SteadyTime deadline) override {
    cv.wait_until(lock, deadline);
  }
};

}  // namespace timing
