// Health, build version, metrics, request ids and the API description, over HTTP against the
// real binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(Health, ReportsStatusVersionUptimeAndTheDatabaseCheck) {
  Service service;
  const HttpResponse response = HttpGet(service.port(), "/api/health");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.Header("Content-Type"), "application/json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], "ok");
  EXPECT_FALSE(body["version"].get<std::string>().empty());
  EXPECT_FALSE(body["build"].get<std::string>().empty());
  EXPECT_GE(body["uptime_s"].get<int>(), 0);
  EXPECT_EQ(body["checks"]["database"]["status"], "ok");
  EXPECT_EQ(body["checks"]["database"]["schema_version"],
            OpenDatabaseOf(service.dir())->EmbeddedMigrations().size());
  EXPECT_EQ(body["checks"]["database"]["backend"], UsesPostgres() ? "postgresql" : "sqlite");
  EXPECT_GE(body["checks"]["database"]["pool_size"].get<int>(), 1);
  EXPECT_GE(body["checks"]["database"]["pool_in_use"].get<int>(), 0);
}

TEST(Health, Answers503NamingTheDatabaseWhenItsSchemaIsGone) {
  Service service;
  ASSERT_EQ(HttpGet(service.port(), "/api/health").status, 200);

  // Another process damages the database under the running service.
  ExecSql(service.dir(), "DROP TABLE schema_migrations");

  const HttpResponse response = HttpGet(service.port(), "/api/health");
  EXPECT_EQ(response.status, 503);
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], "unavailable");
  EXPECT_EQ(body["checks"]["database"]["status"], "fail");
  // The cause goes to the operator's log, not to anonymous callers.
  EXPECT_THAT(response.body, Not(HasSubstr("schema_migrations")));
  EXPECT_TRUE(
      service.process()
          .WaitForLine("database is unavailable.*schema_migrations", std::chrono::seconds(10))
          .has_value());
}

TEST(BuildVersion, NamesTheCommitAndBuildTimeOfTheRunningBinary) {
  Service service;
  const HttpResponse response = HttpGet(service.port(), "/api/build-version");
  ASSERT_EQ(response.status, 200);
  const auto body = nlohmann::json::parse(response.body);

  const CommandResult version = RunBacklog({"version", "--json"}, {}, service.dir());
  ASSERT_EQ(version.exit_code, 0) << version.output;
  const auto expected = nlohmann::json::parse(version.output);
  EXPECT_EQ(body["build_version"], expected["build_version"]);
  EXPECT_EQ(body["git_commit"], expected["git_commit"]);
  EXPECT_EQ(body["built_at"], expected["built_at"]);
  EXPECT_TRUE(std::regex_match(body["built_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

TEST(Metrics, CountRequestsByRouteTemplateAndStatus) {
  Service service;
  for (int i = 0; i < 3; ++i) ASSERT_EQ(HttpGet(service.port(), "/api/health").status, 200);
  ASSERT_EQ(HttpGet(service.port(), "/api/no-such-thing-1").status, 404);
  ASSERT_EQ(HttpGet(service.port(), "/api/no-such-thing-2").status, 404);

  const HttpResponse response = HttpGet(service.port(), "/metrics");
  ASSERT_EQ(response.status, 200);
  EXPECT_THAT(response.Header("Content-Type"), HasSubstr("text/plain; version=0.0.4"));
  const std::string& text = response.body;
  EXPECT_THAT(
      text,
      HasSubstr("http_requests_total{method=\"GET\",route=\"/api/health\",status=\"200\"} 3\n"));
  // Unknown paths share one series instead of one each.
  EXPECT_THAT(
      text,
      HasSubstr("http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 2\n"));
  EXPECT_THAT(text, Not(HasSubstr("no-such-thing")));
  EXPECT_THAT(
      text,
      HasSubstr("http_request_duration_seconds_count{method=\"GET\",route=\"/api/health\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/"
                              "health\",le=\"+Inf\"} 3\n"));
  // The /metrics request itself is in flight while it renders.
  EXPECT_THAT(text, HasSubstr("http_requests_in_flight 1\n"));
  std::smatch match;
  ASSERT_TRUE(std::regex_search(text, match, std::regex(R"(process_resident_memory_bytes (\d+))")));
  EXPECT_GT(std::stoull(match[1]), 1'000'000u);
  // The database pool, labelled by backend.
  const std::string backend = UsesPostgres() ? "postgresql" : "sqlite";
  ASSERT_TRUE(std::regex_search(
      text, match,
      std::regex("backlog_db_pool_connections\\{backend=\"" + backend + "\"\\} (\\d+)\n")));
  EXPECT_GE(std::stoi(match[1]), 1);
  EXPECT_TRUE(std::regex_search(
      text, std::regex("backlog_db_pool_in_use\\{backend=\"" + backend + "\"\\} \\d+\n")));
}

TEST(RequestIds, AreOnEveryResponseAndInTheLogLine) {
  Service service;
  const HttpResponse own =
      HttpGet(service.port(), "/api/health", {{"X-Request-ID", "trace-42.a_b"}});
  EXPECT_EQ(own.Header("X-Request-ID"), "trace-42.a_b");
  EXPECT_TRUE(
      service.process()
          .WaitForLine(R"(\[trace-42\.a_b\].*GET /api/health 200)", std::chrono::seconds(10))
          .has_value());

  // An id that could forge log text is replaced by a generated one.
  const HttpResponse forged =
      HttpGet(service.port(), "/api/health", {{"X-Request-ID", "a] fake [b"}});
  EXPECT_TRUE(std::regex_match(forged.Header("X-Request-ID"), std::regex("[0-9a-f]{16}")));

  const HttpResponse missing = HttpGet(service.port(), "/nope/api");
  EXPECT_TRUE(std::regex_match(missing.Header("X-Request-ID"), std::regex("[0-9a-f]{16}")));
}

TEST(SecurityHeaders, AreOnSuccessAndErrorResponses) {
  Service service;
  for (const char* target : {"/api/health", "/api/missing"}) {
    const HttpResponse response = HttpGet(service.port(), target);
    EXPECT_EQ(response.Header("X-Content-Type-Options"), "nosniff") << target;
    EXPECT_EQ(response.Header("Referrer-Policy"), "no-referrer") << target;
    EXPECT_THAT(response.Header("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(response.Header("Cache-Control"), "no-store") << target;
    // Development serves plain HTTP: no HSTS.
    EXPECT_FALSE(response.HasHeader("Strict-Transport-Security")) << target;
  }
}

TEST(OpenApi, DescribesEveryRouteOfTheTable) {
  Service service;
  const HttpResponse response = HttpGet(service.port(), "/api/openapi.json");
  ASSERT_EQ(response.status, 200);
  const auto document = nlohmann::json::parse(response.body);
  EXPECT_EQ(document["openapi"], "3.1.0");
  for (const char* path : {"/api/health", "/api/build-version", "/metrics", "/api/openapi.json"}) {
    EXPECT_TRUE(document["paths"].contains(path)) << path;
  }
  EXPECT_EQ(document["paths"]["/api/health"]["get"]["security"], nlohmann::json::array());
}

TEST(Connections, KeepAliveServesSeveralRequestsAndHeadHasNoBody) {
  Service service;
  HttpConnection connection(service.port());
  const HttpResponse first = connection.Request("GET", "/api/build-version");
  const HttpResponse head = connection.Request("HEAD", "/api/build-version");
  const HttpResponse third = connection.Request("GET", "/api/health");
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(first.body.size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(third.status, 200);
}

}  // namespace
}  // namespace testing_support
