#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "auth/auth_service.hpp"
#include "auth/rate_limiter.hpp"
#include "http/concurrency_quota.hpp"
#include "http/metrics.hpp"
#include "services/backlog_service.hpp"
#include "services/call_pool.hpp"
#include "services/job_service.hpp"
#include "services/llm_settings_service.hpp"
#include "services/notification_service.hpp"
#include "services/project_service.hpp"
#include "services/tracker_service.hpp"
#include "services/vision_checks.hpp"
#include "store/database.hpp"

namespace api {

struct BuildDescription {
  std::string version;
  std::string build_version;
  std::string git_commit;
  std::string built_at;
};

// Cookie names and attributes: `Secure` and the __Host-/__Secure- prefixes exactly in
// production (served over HTTPS); plain names in development (plain HTTP on localhost).
struct CookiePolicy {
  bool secure = false;
  std::string access_name = "access_token";
  std::string refresh_name = "refresh_token";
  std::string csrf_name = "csrf_token";

  static CookiePolicy For(bool production) {
    if (!production) return {};
    return {true, "__Host-access_token", "__Secure-refresh_token", "__Host-csrf_token"};
  }
};

// The general API limit: per signed-in user, else per client IP.
struct ApiRateLimit {
  std::int64_t requests = 600;
  std::chrono::seconds window{60};
};

// Reviews of a vision, each one provider call, and how many each user may have in progress.
struct VisionServices {
  services::VisionChecks& checks;
  http::ConcurrencyQuota& checks_per_user;
};

// The tracker, the pool its connection tests run on, and how many each user may run at once.
struct TrackerServices {
  services::TrackerService& service;
  services::CallPool& calls;
  http::ConcurrencyQuota& tests_per_user;
};

// What the handlers depend on, wired once by app/. Handlers keep references; the app owns the
// objects and outlives the server.
struct Services {
  store::Database& database;
  http::HttpMetrics& metrics;
  auth::AuthService& auth;
  auth::RateLimiter& api_limiter;
  BuildDescription build;
  CookiePolicy cookies;
  ApiRateLimit api_rate_limit;
  http::ConcurrencyQuota& event_streams;  // open event streams per user
  services::LlmSettingsService& llm_settings;
  services::ProjectService& projects;
  services::BacklogService& backlogs;
  services::JobService& jobs;
  VisionServices vision;
  TrackerServices tracker;
  services::NotificationService& notifications;
  // More series for /metrics (LLM calls, jobs, backups, database size), composed by the app.
  std::function<std::string()> more_metrics;
  std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
};

}  // namespace api
