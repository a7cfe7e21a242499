#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "store/auth_records.hpp"

namespace store {

struct LockoutPolicy {
  std::int64_t threshold = 5;         // failures within the window that lock the account
  std::int64_t window_seconds = 900;  // failures older than this are forgotten
  std::int64_t lock_seconds = 900;  // how long a lock lasts; attempts while locked don't extend it
};

struct AttemptReservation {
  bool allowed = false;
  std::optional<std::int64_t> locked_until;  // set when refused because of a lock
};

// Login attempts, lockout counters and security events. A counter's key is chosen by the caller
// (the auth service keys one per account, and one per login that names no account).
class LoginStore {
 public:
  virtual ~LoginStore() = default;

  // Counts an attempt against `lock_key` before its password is checked, so parallel guesses
  // cannot all slip under the threshold. Refused while locked or when `threshold` attempts are
  // already counted in the window.
  virtual AttemptReservation ReserveAttempt(std::string_view lock_key, std::int64_t now,
                                            const LockoutPolicy& policy) = 0;
  // The reserved attempt failed. Returns the lock's end when this failure locked the account.
  virtual std::optional<std::int64_t> RecordFailure(std::string_view lock_key, std::int64_t now,
                                                    const LockoutPolicy& policy) = 0;
  // The reserved attempt succeeded, or an admin unlocked: forget the counter.
  virtual void Clear(std::string_view lock_key) = 0;
  virtual std::optional<std::int64_t> LockedUntil(std::string_view lock_key, std::int64_t now) = 0;

  virtual void RecordAttempt(const LoginAttempt& attempt) = 0;
  virtual std::vector<LoginAttempt> RecentAttempts(std::int64_t limit) = 0;
  virtual void RecordEvent(const SecurityEvent& event) = 0;
  virtual std::vector<SecurityEvent> RecentEvents(std::int64_t limit) = 0;
};

}  // namespace store
