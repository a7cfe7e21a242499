#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>

#include "timing/clock.hpp"

namespace testing_support {

// A clock that moves only when the test advances it. Code waiting on it (a limiter's budget,
// a back-off, a poll, a lease renewal) wakes exactly when an Advance reaches its deadline or when
// its own condition variable is notified, so a test controls time without sleeping, and can
// tell when code has started to wait (AwaitWaiters) instead of guessing with a sleep.
class ManualClock final : public timing::Clock {
 public:
  using Clock::WaitUntil;

  // Starts on the given calendar time; steady time starts at an arbitrary point.
  explicit ManualClock(WallTime wall = std::chrono::system_clock::from_time_t(1'700'000'000));

  SteadyTime Now() const override;
  WallTime WallNow() const override;
  void WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                 SteadyTime deadline) override;

  // Moves both times forward and wakes every waiter whose deadline has come.
  void Advance(std::chrono::nanoseconds by);

  // Blocks until at least `count` threads wait on this clock for a deadline it has not reached:
  // the moment code has looked at the time and decided to wait.
  // False when that does not happen within `limit` of real time (the test then fails instead of
  // hanging).
  bool AwaitWaiters(std::size_t count,
                    std::chrono::milliseconds limit = std::chrono::milliseconds(20'000));
  std::size_t waiters() const;
  // The earliest deadline waited for, nullopt when nobody waits: how long code asked to wait.
  std::optional<SteadyTime> NextDeadline() const;

 private:
  std::size_t WaitingLocked() const;

  struct Waiter {
    std::condition_variable* cv;
    std::mutex* mutex;
    SteadyTime deadline;
    bool pinned = false;  // an Advance is about to notify it; it must not leave before
  };

  mutable std::mutex mutex_;
  std::condition_variable changed_;  // a waiter came, left or was unpinned
  SteadyTime now_;
  WallTime wall_;
  std::list<Waiter*> waiters_;
};

}  // namespace testing_support
