#include "timing/clock.hpp"

#include <algorithm>

namespace timing {

bool Clock::SleepUntil(SteadyTime deadline, const std::atomic<bool>* cancelled) {
  // Nobody notifies this condition variable: only the deadline or the cancel poll end a wait.
  std::mutex mutex;
  std::condition_variable nothing;
  std::unique_lock lock(mutex);
  for (;;) {
    if (cancelled != nullptr && cancelled->load()) return false;
    const SteadyTime now = Now();
    if (now >= deadline) return true;
    WaitUntil(nothing, lock,
              cancelled != nullptr ? std::min(deadline, now + kCancelPoll) : deadline);
  }
}

std::int64_t UnixSeconds(const Clock& clock) {
  return std::chrono::duration_cast<std::chrono::seconds>(clock.WallNow().time_since_epoch())
      .count();
}

}  // namespace timing
