#pragma once

#include <spdlog/fwd.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace auth {

// The security log, logs/auth.log: one line per failed login, lockout, unlock, refresh-token
// reuse, password change, token invalidation and admin action, also copied to the main log.
// With AUTH_DEBUG it adds why each authentication decision went the way it did. Callers pass
// no password, token, hash or secret: only names, ids, addresses and reasons.
class AuthLog {
 public:
  // `directory` empty: the main log only (tests of the service's parts).
  AuthLog(const std::filesystem::path& directory, bool debug, bool json);

  void Event(std::string_view line);     // a security event
  void Decision(std::string_view line);  // written only with AUTH_DEBUG
  bool debug() const { return debug_; }

 private:
  static std::string Clean(std::string_view line, bool escape_for_json);

  std::shared_ptr<spdlog::logger> logger_;
  bool debug_;
  bool json_;
};

}  // namespace auth
