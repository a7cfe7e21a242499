#pragma once

#include <memory>

#include "app/config.hpp"
#include "auth/auth_log.hpp"
#include "auth/auth_service.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/redis_rate_limiter.hpp"
#include "auth/redis_revocation_state.hpp"
#include "auth/revocation_state.hpp"
#include "store/redis/redis_client.hpp"
#include "store/sql/sql.hpp"
#include "store/sql/sql_login_store.hpp"
#include "store/sql/sql_session_store.hpp"
#include "store/sql/sql_user_store.hpp"

namespace app {

// Everything authentication needs, built from the configuration: the stores, the hasher, the
// token codec, and the limiter and revocation state (in this process, or in Redis when
// REDIS_URL is set).
class AuthStack {
 public:
  // Throws std::runtime_error naming REDIS_URL when Redis is configured but unreachable.
  AuthStack(const Config& config, store::sql::Database& database);

  auth::AuthService& service() { return *service_; }
  auth::RateLimiter& limiter() { return *limiter_; }
  bool shared() const { return redis_ != nullptr; }

 private:
  store::sql::SqlUserStore users_;
  store::sql::SqlSessionStore sessions_;
  store::sql::SqlLoginStore logins_;
  auth::PasswordHasher hasher_;
  std::unique_ptr<auth::JwtCodec> codec_;
  std::unique_ptr<store::redis::RedisClient> redis_;
  std::unique_ptr<auth::RevocationState> revocation_;
  std::unique_ptr<auth::RateLimiter> limiter_;
  std::unique_ptr<auth::AuthLog> log_;
  std::unique_ptr<auth::AuthService> service_;
};

auth::AuthOptions AuthOptionsFrom(const Config& config);

}  // namespace app
