#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace store {

// Times are Unix seconds.

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  std::string email;
  std::string full_name;
  std::string password_hash;
  std::string role = "user";  // "user" or "admin"
  bool is_active = true;
  std::int64_t token_version = 0;
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
};

struct NewUser {
  std::string username;
  std::string email;
  std::string full_name;
  std::string password_hash;
  std::string role = "user";
};

struct SessionRecord {
  std::string id;
  std::int64_t user_id = 0;
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
  std::int64_t expires_at = 0;
  std::string user_agent;
  std::string ip_address;
  std::optional<std::int64_t> revoked_at;
  std::string revoke_reason;
};

struct LoginAttempt {
  std::string username;
  std::string ip_address;
  std::string user_agent;
  std::int64_t attempted_at = 0;
  bool succeeded = false;
  std::string reason;  // "ok", "bad_credentials", "locked", "disabled", ...
};

struct SecurityEvent {
  std::int64_t occurred_at = 0;
  std::string kind;  // "refresh_token_reuse", "lockout", ...
  std::optional<std::int64_t> user_id;
  std::string ip_address;
  std::string detail;
};

}  // namespace store
