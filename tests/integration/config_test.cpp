// Start-up validation: production refusals, development defaults, .env files, and secrets that
// never reach the output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int CountLines(const std::string& text) {
  int lines = 0;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) ++lines;
  return lines;
}

CommandResult Serve(const TempDir& dir, const EnvVars& overrides) {
  EnvVars env = DefaultServiceEnv(dir.path());
  for (const auto& [name, value] : overrides) {
    if (value.empty()) {
      env.erase(name);
    } else {
      env[name] = value;
    }
  }
  return RunBacklog({"serve"}, env, dir.path());
}

TEST(ProductionMode, RefusesToStartWithoutAJwtSecret) {
  TempDir dir;
  const CommandResult result = Serve(dir, {{"ENVIRONMENT", "production"}, {"JWT_SECRET_KEY", ""}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(CountLines(result.output), 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("JWT_SECRET_KEY"));
  EXPECT_THAT(result.output, HasSubstr("openssl rand -hex 32"));
  EXPECT_FALSE(std::filesystem::exists(dir / "data"));  // refused before touching anything
}

TEST(ProductionMode, RefusesAShortJwtSecret) {
  TempDir dir;
  const CommandResult result = Serve(
      dir, {{"ENVIRONMENT", "production"}, {"JWT_SECRET_KEY", "short-secret-of-31-bytes-xxxxxx"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(CountLines(result.output), 1) << result.output;
  EXPECT_THAT(result.output,
              HasSubstr("JWT_SECRET_KEY: must be at least 32 bytes in production (it has 31)"));
  EXPECT_THAT(result.output, Not(HasSubstr("short-secret")));
}

TEST(ProductionMode, RefusesWildcardCors) {
  TempDir dir;
  const CommandResult result =
      Serve(dir, {{"ENVIRONMENT", "production"}, {"CORS_ORIGINS", "https://a.example.com, *"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(CountLines(result.output), 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("CORS_ORIGINS"));
  EXPECT_THAT(result.output, HasSubstr("wildcard"));
}

TEST(ProductionMode, RefusesADatabaseFileOthersCanRead) {
  TempDir dir;
  {
    Service first(Service::InFolder{dir.path()}, {});  // creates the database with mode 0600
    ASSERT_EQ(first.Stop(), std::optional<int>(0));
  }
  const auto database = dir / "data" / "agile_backlog.db";
  ASSERT_EQ(::chmod(database.c_str(), 0644), 0);
  const CommandResult result = Serve(dir, {{"ENVIRONMENT", "production"}});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(CountLines(result.output), 1) << result.output;
  EXPECT_THAT(result.output, HasSubstr("mode 0644"));
  EXPECT_THAT(result.output, HasSubstr("chmod 600 " + database.string()));
}

TEST(ProductionMode, StartsWithGoodSettingsLogsJsonAndSendsHsts) {
  TempDir dir;
  Service service(Service::InFolder{dir.path()}, {{"ENVIRONMENT", "production"},
                                                  {"CORS_ORIGINS", "https://backlog.example.com"},
                                                  {"OPENAI_API_KEY", "sk-live-DO-NOT-LOG-1234"}});
  const HttpResponse response = HttpGet(service.port(), "/api/health");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.Header("Strict-Transport-Security"), "max-age=63072000; includeSubDomains");
  ASSERT_EQ(service.Stop(), std::optional<int>(0));

  // Every output line is a JSON object with a request id field.
  std::istringstream lines(service.process().Output());
  int parsed = 0;
  for (std::string line; std::getline(lines, line);) {
    const auto entry = nlohmann::json::parse(line);
    EXPECT_TRUE(entry.contains("time") && entry.contains("level") && entry.contains("message") &&
                entry.contains("request_id"))
        << line;
    ++parsed;
  }
  EXPECT_GT(parsed, 10);
  const std::string all = service.process().Output() + ReadFile(dir / "logs" / "backlog.log");
  EXPECT_THAT(all, Not(HasSubstr(kTestJwtSecret)));
  EXPECT_THAT(all, Not(HasSubstr("DO-NOT-LOG")));
  EXPECT_THAT(all, HasSubstr("OPENAI_API_KEY=(set, 23 bytes)"));
}

TEST(DevelopmentMode, GeneratesAMissingSecretAndWarnsThatTokensWontSurviveARestart) {
  Service service(EnvVars{{"JWT_SECRET_KEY", ""}});
  EXPECT_TRUE(service.process()
                  .WaitForLine("JWT_SECRET_KEY is not set.*will not survive a restart",
                               std::chrono::seconds(5))
                  .has_value());
  EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 200);
}

TEST(Configuration, InvalidValuesAreOneLineNamingTheVariable) {
  const std::pair<const char*, const char*> cases[] = {
      {"PORT", "eighty"},
      {"PORT", "70000"},
      {"ENVIRONMENT", "staging"},
      {"DATABASE_URL", "mysql://db/x"},
      {"TRUSTED_PROXIES", "10.0.0.0/33"},
      {"CORS_ORIGINS", "https://example.com/app"},
      {"MAX_REQUEST_BODY_BYTES", "-5"},
      {"HTTP_HEADER_TIMEOUT_SECONDS", "0"},
      {"LOG_LEVEL", "verbose"},
      {"HOST", "example.com"},
  };
  for (const auto& [name, value] : cases) {
    TempDir dir;
    const CommandResult result = Serve(dir, {{name, value}});
    EXPECT_EQ(result.exit_code, 2) << name << "=" << value;
    EXPECT_EQ(CountLines(result.output), 1) << result.output;
    EXPECT_THAT(result.output, HasSubstr(std::string("configuration error: ") + name + ":"));
  }
}

TEST(Configuration, ReadsADotenvFileButTheEnvironmentWins) {
  TempDir dir;
  WriteFile(dir / ".env",
            "# settings for this machine\n"
            "export LOG_LEVEL=debug\n"
            "MAX_REQUEST_BODY_BYTES=\"4096\"\n"
            "PORT=1\n"
            "OPENAI_APIKEY=typo\n");
  // PORT=1 in the file loses against PORT=0 from the environment.
  Service service(Service::InFolder{dir.path()}, {});
  HttpConnection connection(service.port());
  EXPECT_EQ(connection.Request("POST", "/api/health", {}, std::string(5000, 'x')).status, 413);
  EXPECT_TRUE(service.process()
                  .WaitForLine("ignoring OPENAI_APIKEY in the .env file", std::chrono::seconds(5))
                  .has_value());
  EXPECT_THAT(service.process().Output(), HasSubstr("config MAX_REQUEST_BODY_BYTES=4096"));
}

TEST(Configuration, AMalformedDotenvFileNamesTheLine) {
  TempDir dir;
  WriteFile(dir / ".env", "PORT=8000\nthis line is wrong\n");
  const CommandResult result = Serve(dir, {});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.output, HasSubstr(".env line 2"));
}

}  // namespace
}  // namespace testing_support
