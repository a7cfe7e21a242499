#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "auth/auth_service.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/secret_box.hpp"
#include "http/concurrency_quota.hpp"
#include "http/metrics.hpp"
#include "llm/model_resolver.hpp"
#include "store/database.hpp"
#include "store/llm_settings_store.hpp"
#include "store/pipeline_store.hpp"

namespace pipeline {
class EventBus;
class JobRunner;
}  // namespace pipeline

namespace services {
class VisionChecks;
}  // namespace services

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

// Model choices and provider keys.
struct LlmServices {
  llm::ModelResolver& models;
  store::LlmSettingsStore& settings;
  const auth::SecretBox& secrets;
};

// Projects, their backlogs and the jobs that generate them.
struct PipelineServices {
  store::ProjectStore& projects;
  store::JobStore& jobs;
  store::PreferenceStore& preferences;
  pipeline::EventBus& bus;
  pipeline::JobRunner& runner;
  services::VisionChecks& vision_checks;
  http::ConcurrencyQuota& vision_checks_per_user;
  std::int64_t max_queued_jobs_per_user = 10;
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
  const LlmServices* llm = nullptr;
  const PipelineServices* pipeline = nullptr;
  std::chrono::steady_clock::time_point started_at = std::chrono::steady_clock::now();
};

}  // namespace api
