#pragma once

#include "store/login_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

class SqlLoginStore final : public LoginStore {
 public:
  explicit SqlLoginStore(Database& database) : database_(database) {}

  AttemptReservation ReserveAttempt(std::string_view lock_key, std::int64_t now,
                                    const LockoutPolicy& policy) override;
  std::optional<std::int64_t> RecordFailure(std::string_view lock_key, std::int64_t now,
                                            const LockoutPolicy& policy) override;
  void Clear(std::string_view lock_key) override;
  std::optional<std::int64_t> LockedUntil(std::string_view lock_key, std::int64_t now) override;
  void RecordAttempt(const LoginAttempt& attempt) override;
  std::vector<LoginAttempt> RecentAttempts(std::int64_t limit) override;
  void RecordEvent(const SecurityEvent& event) override;
  std::vector<SecurityEvent> RecentEvents(std::int64_t limit) override;

 private:
  Database& database_;
};

}  // namespace store::sql
