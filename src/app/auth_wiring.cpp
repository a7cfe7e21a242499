#include "app/auth_wiring.hpp"

#include <stdexcept>

#include "app/config.hpp"
#include "auth/secure_random.hpp"

namespace app {

auth::AuthOptions AuthOptionsFrom(const Config& config) {
  auth::AuthOptions options;
  options.access_ttl_seconds = config.access_token_ttl_seconds;
  options.refresh_ttl_seconds = config.refresh_token_ttl_seconds;
  options.rotation_grace_seconds = config.refresh_rotation_grace_seconds;
  options.lockout = {config.lockout_threshold, config.lockout_window_seconds,
                     config.lockout_duration_seconds};
  options.login_limit = config.login_rate_limit;
  options.login_window_seconds = config.login_rate_window_seconds;
  options.register_limit = config.register_rate_limit;
  options.register_window_seconds = config.register_rate_window_seconds;
  options.attempt_retention_seconds = config.login_attempt_retention_days * 86400;
  options.allow_registration = config.allow_registration;
  return options;
}

AuthStack::AuthStack(const Config& config, store::sql::Database& database)
    : users_(database), sessions_(database), logins_(database), hasher_(config.bcrypt_cost) {
  // Maintenance commands issue no tokens and may run without the serving secret.
  const std::string signing_key =
      config.jwt_secret_key.empty() ? auth::RandomHex(32) : config.jwt_secret_key;
  codec_ = std::make_unique<auth::JwtCodec>(signing_key, config.jwt_previous_secret_keys);
  if (!config.redis_url.empty()) {
    redis_ =
        std::make_unique<store::redis::RedisClient>(store::redis::RedisOptions{config.redis_url});
    if (!redis_->Ping()) {
      throw std::runtime_error("REDIS_URL: Redis at " + RedactUrl(config.redis_url) +
                               " does not answer; start it or unset REDIS_URL");
    }
    revocation_ = std::make_unique<auth::RedisRevocationState>(*redis_);
    limiter_ = std::make_unique<auth::RedisRateLimiter>(*redis_);
  } else {
    revocation_ = std::make_unique<auth::InMemoryRevocationState>();
    limiter_ = std::make_unique<auth::InMemoryRateLimiter>();
  }
  log_ = std::make_unique<auth::AuthLog>(config.log_dir, config.auth_debug, config.log_json);
  std::vector<std::string> csrf_keys{signing_key};
  csrf_keys.insert(csrf_keys.end(), config.jwt_previous_secret_keys.begin(),
                   config.jwt_previous_secret_keys.end());
  service_ = std::make_unique<auth::AuthService>(
      AuthOptionsFrom(config),
      auth::AuthDependencies{users_, sessions_, logins_, hasher_, *codec_, *revocation_, *limiter_,
                             *log_, std::move(csrf_keys)});
}

}  // namespace app
