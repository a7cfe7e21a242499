#include "support/manual_clock.hpp"

#include <algorithm>
#include <vector>

namespace testing_support {

ManualClock::ManualClock(WallTime wall) : now_(std::chrono::hours(1)), wall_(wall) {}

ManualClock::SteadyTime ManualClock::Now() const {
  std::lock_guard guard(mutex_);
  return now_;
}

ManualClock::WallTime ManualClock::WallNow() const {
  std::lock_guard guard(mutex_);
  return wall_;
}

// The caller's mutex is held from registration until cv.wait releases it, and Advance locks that
// mutex before notifying, so a wake-up cannot fall between the two. A waiter an Advance has
// picked (pinned) stays until the Advance is done with its mutex and condition variable.
void ManualClock::WaitUntil(std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                            SteadyTime deadline) {
  Waiter waiter{&cv, lock.mutex(), deadline};
  {
    std::lock_guard guard(mutex_);
    if (now_ >= deadline) return;
    waiters_.push_back(&waiter);
    changed_.notify_all();
  }
  cv.wait(lock);
  std::unique_lock guard(mutex_);
  waiters_.remove(&waiter);
  changed_.notify_all();
  if (!waiter.pinned) return;
  guard.unlock();
  lock.unlock();  // the Advance needs it to notify
  guard.lock();
  changed_.wait(guard, [&] { return !waiter.pinned; });
  guard.unlock();
  lock.lock();
}

void ManualClock::Advance(std::chrono::nanoseconds by) {
  std::vector<Waiter*> due;
  {
    std::lock_guard guard(mutex_);
    now_ += std::chrono::duration_cast<SteadyTime::duration>(by);
    wall_ += std::chrono::duration_cast<WallTime::duration>(by);
    for (Waiter* waiter : waiters_) {
      if (waiter->deadline <= now_ && !waiter->pinned) {
        waiter->pinned = true;
        due.push_back(waiter);
      }
    }
  }
  for (Waiter* waiter : due) {
    {
      std::lock_guard caller(*waiter->mutex);
      waiter->cv->notify_all();
    }
    std::lock_guard guard(mutex_);
    waiter->pinned = false;
    changed_.notify_all();
  }
}

// Only waiters whose deadline is still ahead count: one an Advance has just woken is on its way
// out and has not yet decided whether to wait again.
std::size_t ManualClock::WaitingLocked() const {
  return static_cast<std::size_t>(
      std::count_if(waiters_.begin(), waiters_.end(),
                    [&](const Waiter* waiter) { return waiter->deadline > now_; }));
}

bool ManualClock::AwaitWaiters(std::size_t count, std::chrono::milliseconds limit) {
  std::unique_lock guard(mutex_);
  return changed_.wait_for(guard, limit, [&] { return WaitingLocked() >= count; });
}

std::size_t ManualClock::waiters() const {
  std::lock_guard guard(mutex_);
  return WaitingLocked();
}

std::optional<ManualClock::SteadyTime> ManualClock::NextDeadline() const {
  std::lock_guard guard(mutex_);
  std::optional<SteadyTime> next;
  for (const Waiter* waiter : waiters_) {
    if (waiter->deadline > now_ && (!next || waiter->deadline < *next)) next = waiter->deadline;
  }
  return next;
}

}  // namespace testing_support
