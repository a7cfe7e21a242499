#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "app/dotenv.hpp"

namespace app {

enum class Environment { kDevelopment, kProduction };

// What the configuration is loaded for. Maintenance commands (migrate, db backup) need the
// database settings but not the serving secrets.
enum class Purpose { kServe, kMaintenance };

// One invalid setting: which variable, and what to do about it. Printed as a single line.
class ConfigError : public std::runtime_error {
 public:
  ConfigError(std::string variable, const std::string& message)
      : std::runtime_error(variable + ": " + message), variable_(std::move(variable)) {}
  const std::string& variable() const { return variable_; }

 private:
  std::string variable_;
};

struct Config {
  Environment environment = Environment::kDevelopment;
  bool production() const { return environment == Environment::kProduction; }

  std::string jwt_secret_key;
  bool jwt_secret_generated = false;  // development only: a random secret for this run
  std::vector<std::string> jwt_previous_secret_keys;

  std::string database_url;
  std::filesystem::path sqlite_path;   // from a sqlite:// DATABASE_URL
  std::string postgres_url;            // a postgresql:// DATABASE_URL, as given
  std::size_t database_pool_size = 0;  // 0: one connection per thread that may query
  std::string redis_url;

  std::string host;
  std::uint16_t port = 8000;
  std::vector<std::string> cors_origins;
  std::vector<std::string> trusted_proxies;

  std::string openai_api_key;
  std::string openai_base_url;
  std::string grok_api_key;
  std::string ollama_base_url;
  std::string grok_base_url;
  std::string compatible_base_url;
  std::string compatible_api_key;
  std::string llm_provider;
  std::vector<std::string> llm_allowed_providers;  // what users may choose in their settings
  std::string llm_model;
  double llm_temperature = 0.7;
  int llm_max_tokens = 4096;
  std::filesystem::path llm_defaults_file;
  std::filesystem::path llm_prices_file;
  int llm_max_in_flight = 8;
  std::int64_t llm_requests_per_minute = 0;
  std::int64_t llm_tokens_per_minute = 0;
  std::chrono::milliseconds llm_timeout{180'000};
  int llm_max_attempts = 5;
  bool llm_cache = false;
  std::string data_encryption_key;
  int job_concurrency = 2;             // generation jobs run at once by this instance
  int job_step_threads = 16;           // steps of one job in progress at once
  int job_max_item_attempts = 3;       // generations per item before it is flagged for review
  std::chrono::seconds job_lease{30};  // a dead instance's jobs are taken over after this
  // The server-wide Azure DevOps default; users and projects may set their own.
  std::string azure_devops_org_url;  // https://dev.azure.com/{org}
  std::string azure_devops_project;
  std::string azure_devops_pat;
  std::string azure_devops_area_path;
  std::string azure_devops_iteration_path;
  std::string azure_devops_api_version = "7.1";
  std::string azure_devops_batch_api_version = "5.0";
  std::size_t azure_devops_batch_size = 200;
  std::chrono::milliseconds azure_devops_timeout{60'000};
  std::vector<std::string> tracker_allowed_hosts;  // organization URL hosts users may choose
  std::string public_url;  // where people open the service; empty: http://HOST:PORT
  std::string notification_email;
  std::string smtp_url;
  std::string teams_webhook_url;
  std::string smtp_username;
  std::string smtp_password;
  std::string smtp_from;
  bool smtp_allow_plain = false;  // a local relay without STARTTLS
  std::string smtp_ca_file;
  bool notify_job_results = true;        // owners hear of their jobs' ends
  bool notify_operator_failures = true;  // NOTIFICATION_EMAIL / TEAMS_WEBHOOK_URL hear of failures
  bool notify_security_events = true;    // ... and of lockouts, token reuse, invalidate-all
  bool webhook_allow_private = false;    // webhooks to loopback/private addresses and http://
  std::chrono::seconds notification_retry{30};  // the first retry's delay; doubles, up to 1 h
  int notification_max_attempts = 10;
  std::chrono::seconds notification_lease{300};  // a dead instance's claimed deliveries return

  bool auth_debug = false;
  bool allow_registration = true;
  int bcrypt_cost = 12;
  std::int64_t access_token_ttl_seconds = 1800;
  std::int64_t refresh_token_ttl_seconds = 604800;
  std::int64_t refresh_rotation_grace_seconds = 0;
  std::int64_t login_rate_limit = 10;
  std::int64_t login_rate_window_seconds = 60;
  std::int64_t register_rate_limit = 10;
  std::int64_t register_rate_window_seconds = 3600;
  std::int64_t api_rate_limit = 600;
  std::int64_t api_rate_window_seconds = 60;
  std::int64_t lockout_threshold = 5;
  std::int64_t lockout_window_seconds = 900;
  std::int64_t lockout_duration_seconds = 900;
  std::int64_t login_attempt_retention_days = 30;
  std::size_t password_hash_threads = 0;
  std::size_t password_hash_queue = 32;
  std::size_t registration_hash_threads = 1;  // registrations hash apart from sign-ins
  std::size_t registration_hash_queue = 8;
  std::filesystem::path log_dir;
  std::filesystem::path backup_dir;  // empty: no scheduled backups
  std::chrono::seconds backup_interval{24 * 3600};
  std::size_t backup_keep = 7;
  std::string log_level;
  bool log_json = false;
  bool access_log = true;
  std::filesystem::path static_dir;

  std::size_t max_request_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_connections = 4096;
  std::size_t max_connections_per_ip = 64;  // not applied to TRUSTED_PROXIES
  std::size_t max_event_streams_per_user = 16;
  std::chrono::milliseconds event_stream_heartbeat{15'000};
  std::size_t max_queued_jobs_per_user = 10;
  std::size_t vision_checks_per_user = 2;  // quality checks of one user in progress at once
  std::size_t vision_check_threads = 8;    // quality checks in progress on this instance
  std::size_t io_threads = 0;
  std::size_t worker_threads = 0;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{20'000};

  // Every known variable with its effective value, secrets redacted, for the start-up log.
  std::vector<std::string> Describe() const;

  // The effective raw value of each known variable (internal; Describe() redacts it).
  std::vector<std::pair<std::string, std::string>> effective;
};

// Builds and validates the configuration from environment variables. Throws ConfigError on the
// first invalid setting. In production (Purpose::kServe) it refuses a missing or short
// JWT_SECRET_KEY and a wildcard CORS_ORIGINS; in any production use, a database file that other
// users can read.
Config LoadConfig(const EnvironmentMap& variables, Purpose purpose);

// Whether `name` is a variable the service reads (to warn about typos in .env).
bool IsKnownVariable(std::string_view name);

// Every variable the service reads, with its default value.
std::vector<std::pair<std::string_view, std::string_view>> KnownVariables();

// `url` for logs: its user-info (user name and password) and query string, where credentials
// hide, replaced by "****"; scheme, host, port and path kept so an operator recognizes it.
std::string RedactUrl(std::string_view url);

}  // namespace app
