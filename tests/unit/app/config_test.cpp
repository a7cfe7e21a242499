#include "app/config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "0123456789abcdef0123456789abcdef-long-enough";

std::string ErrorOf(const EnvironmentMap& variables, Purpose purpose = Purpose::kServe) {
  try {
    LoadConfig(variables, purpose);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(Config, DefaultsAreSafeForALocalDevelopmentRun) {
  const Config config = LoadConfig({}, Purpose::kServe);
  EXPECT_FALSE(config.production());
  EXPECT_EQ(config.host, "127.0.0.1");
  EXPECT_EQ(config.port, 8000);
  EXPECT_EQ(config.sqlite_path, "data/agile_backlog.db");
  EXPECT_EQ(config.max_request_body_bytes, 1024u * 1024u);
  EXPECT_TRUE(config.jwt_secret_generated);
  EXPECT_EQ(config.jwt_secret_key.size(), 64u);
  EXPECT_NE(LoadConfig({}, Purpose::kServe).jwt_secret_key, config.jwt_secret_key);
  EXPECT_FALSE(config.log_json);
  EXPECT_EQ(config.log_dir, "logs");
}

TEST(Config, ProductionRefusesAMissingOrShortSecretWithTheFix) {
  EXPECT_THAT(ErrorOf({{"ENVIRONMENT", "production"}}),
              HasSubstr("JWT_SECRET_KEY: is required in production; generate one with: openssl"));
  const std::string short_error =
      ErrorOf({{"ENVIRONMENT", "production"}, {"JWT_SECRET_KEY", std::string(31, 'k')}});
  EXPECT_THAT(short_error, HasSubstr("at least 32 bytes in production (it has 31)"));
  EXPECT_THAT(short_error, Not(HasSubstr("kkkk")));
  const Config config =
      LoadConfig({{"ENVIRONMENT", "production"}, {"JWT_SECRET_KEY", kSecret}}, Purpose::kServe);
  EXPECT_TRUE(config.production());
  EXPECT_TRUE(config.log_json);
}

TEST(Config, MaintenanceCommandsDoNotNeedTheServingSecret) {
  const Config config = LoadConfig({{"ENVIRONMENT", "production"}}, Purpose::kMaintenance);
  EXPECT_TRUE(config.production());
  EXPECT_TRUE(config.jwt_secret_key.empty());
}

TEST(Config, ProductionRefusesWildcardCorsButDevelopmentAllowsIt) {
  EXPECT_THAT(
      ErrorOf({{"ENVIRONMENT", "production"}, {"JWT_SECRET_KEY", kSecret}, {"CORS_ORIGINS", "*"}}),
      HasSubstr("CORS_ORIGINS: a wildcard (*) is refused in production"));
  EXPECT_EQ(ErrorOf({{"CORS_ORIGINS", "*"}}), "");
  const Config config = LoadConfig(
      {{"CORS_ORIGINS", " https://a.example.com ,http://localhost:5173"}}, Purpose::kServe);
  EXPECT_EQ(config.cors_origins,
            (std::vector<std::string>{"https://a.example.com", "http://localhost:5173"}));
  EXPECT_THAT(ErrorOf({{"CORS_ORIGINS", "https://a.example.com/path"}}),
              HasSubstr("not an origin"));
  EXPECT_THAT(ErrorOf({{"CORS_ORIGINS", "a.example.com"}}), HasSubstr("not an origin"));
}

TEST(Config, ValidatesTrustedProxies) {
  EXPECT_EQ(ErrorOf({{"TRUSTED_PROXIES", "10.0.0.0/8, 127.0.0.1, ::1, fd00::/8"}}), "");
  for (const char* bad : {"10.0.0.0/33", "::/129", "proxy.local", "10.0.0/8", "1.2.3.4/"}) {
    EXPECT_THAT(ErrorOf({{"TRUSTED_PROXIES", bad}}), HasSubstr("TRUSTED_PROXIES")) << bad;
  }
}

TEST(Config, ParsesDatabaseUrls) {
  EXPECT_EQ(LoadConfig({{"DATABASE_URL", "sqlite:///var/lib/backlog/db.sqlite"}}, Purpose::kServe)
                .sqlite_path,
            "/var/lib/backlog/db.sqlite");
  const auto postgres =
      LoadConfig({{"DATABASE_URL", "postgresql://u:p@h:5433/db?sslmode=require"}}, Purpose::kServe);
  EXPECT_EQ(postgres.postgres_url, "postgresql://u:p@h:5433/db?sslmode=require");
  EXPECT_TRUE(postgres.sqlite_path.empty());
  EXPECT_EQ(LoadConfig({{"DATABASE_URL", "postgres://h/db"}}, Purpose::kServe).postgres_url,
            "postgres://h/db");
  EXPECT_THAT(ErrorOf({{"DATABASE_URL", "postgresql://u:p@h"}}),
              HasSubstr("must name the database"));
  // The password never reaches the configuration lines of the log.
  std::string described;
  for (const auto& line : postgres.Describe()) described += line + "\n";
  EXPECT_THAT(described, HasSubstr("DATABASE_URL=postgresql://****@h:5433/db?****"));
  EXPECT_THAT(described, Not(HasSubstr("u:p")));
  EXPECT_THAT(ErrorOf({{"DATABASE_URL", "data/x.db"}}), HasSubstr("sqlite://PATH"));
  EXPECT_THAT(ErrorOf({{"DATABASE_URL", "sqlite://data/"}}), HasSubstr("not a folder"));
}

TEST(Config, RejectsMalformedNumbersAndChoices) {
  EXPECT_THAT(ErrorOf({{"PORT", "80a"}}),
              HasSubstr("PORT: must be a whole number from 0 to 65535"));
  EXPECT_THAT(ErrorOf({{"MAX_REQUEST_BODY_BYTES", "10"}}), HasSubstr("MAX_REQUEST_BODY_BYTES"));
  EXPECT_THAT(ErrorOf({{"HTTP_IDLE_TIMEOUT_SECONDS", "abc"}}),
              HasSubstr("HTTP_IDLE_TIMEOUT_SECONDS"));
  EXPECT_THAT(ErrorOf({{"ENVIRONMENT", "prod"}}),
              HasSubstr("ENVIRONMENT: must be development or production"));
  EXPECT_THAT(ErrorOf({{"AUTH_DEBUG", "maybe"}}), HasSubstr("AUTH_DEBUG"));
  EXPECT_THAT(ErrorOf({{"HOST", "my-host"}}), HasSubstr("HOST: must be an IP address"));
  EXPECT_THAT(ErrorOf({{"REDIS_URL", "localhost:6379"}}), HasSubstr("REDIS_URL"));
  EXPECT_THAT(ErrorOf({{"SMTP_URL", "mail.example.com"}}), HasSubstr("SMTP_URL"));
  EXPECT_THAT(ErrorOf({{"SMTP_URL", "smtp://mail.example.com:587"}}),
              HasSubstr("SMTP_FROM: is required with SMTP_URL"));
  EXPECT_THAT(ErrorOf({{"TEAMS_WEBHOOK_URL", "http://10.0.0.2/hook"}}),
              HasSubstr("TEAMS_WEBHOOK_URL: must be a URL starting with https://"));
  EXPECT_EQ(
      LoadConfig({{"TEAMS_WEBHOOK_URL", "http://10.0.0.2/hook"}, {"WEBHOOK_ALLOW_PRIVATE", "true"}},
                 Purpose::kServe)
          .teams_webhook_url,
      "http://10.0.0.2/hook");
  EXPECT_EQ(
      LoadConfig({{"PUBLIC_BASE_URL", "https://backlog.example.com/"}}, Purpose::kServe).public_url,
      "https://backlog.example.com");
  EXPECT_EQ(LoadConfig({{"HTTP_HEADER_TIMEOUT_SECONDS", "0.5"}}, Purpose::kServe).header_timeout,
            std::chrono::milliseconds(500));
  EXPECT_EQ(LoadConfig({{"HOST", "localhost"}}, Purpose::kServe).host, "127.0.0.1");
}

TEST(Config, DescribeShowsEveryVariableButNoSecret) {
  const Config config =
      LoadConfig({{"JWT_SECRET_KEY", kSecret},
                  {"OPENAI_API_KEY", "sk-abcdef"},
                  {"AZURE_DEVOPS_PAT", "pat-value"},
                  {"TEAMS_WEBHOOK_URL", "https://hooks.example/secret-path"},
                  {"REDIS_URL", "redis://user:redispass@cache:6379/0"},
                  {"SMTP_URL", "smtps://mailer:smtppass@mail.example.com"},
                  {"SMTP_FROM", "backlog@example.com"},
                  {"SMTP_PASSWORD", "smtp-secret-2"},
                  {"COMPATIBLE_BASE_URL", "http://llmuser:llmpass@llm:8/v1?k=qk"}},
                 Purpose::kServe);
  std::string all;
  for (const auto& line : config.Describe()) all += line + "\n";
  for (const char* secret : {kSecret, "sk-abcdef", "pat-value", "secret-path", "redispass",
                             "smtppass", "smtp-secret-2", "llmuser", "llmpass", "qk"}) {
    EXPECT_THAT(all, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(all, HasSubstr("JWT_SECRET_KEY=(set, 44 bytes)"));
  EXPECT_THAT(all, HasSubstr("OPENAI_API_KEY=(set, 9 bytes)"));
  EXPECT_THAT(all, HasSubstr("GROK_API_KEY=(not set)"));
  EXPECT_THAT(all, HasSubstr("REDIS_URL=redis://****@cache:6379/0"));
  EXPECT_THAT(all, HasSubstr("PORT=8000"));
  EXPECT_THAT(all, HasSubstr("COMPATIBLE_BASE_URL=http://****@llm:8/v1?****"));
}

// Users may only pick providers the operator set up: a default base URL alone enables nothing.
TEST(Config, UsersMayChooseOnlyConfiguredProviders) {
  using Providers = std::vector<std::string>;
  EXPECT_EQ(LoadConfig({}, Purpose::kServe).llm_allowed_providers, Providers{"openai"});
  EXPECT_EQ(LoadConfig({{"OLLAMA_BASE_URL", "http://127.0.0.1:11434"}}, Purpose::kServe)
                .llm_allowed_providers,
            Providers{"openai"});
  EXPECT_EQ(LoadConfig({{"GROK_API_KEY", "xai"},
                        {"OLLAMA_BASE_URL", "http://gpu-box:11434"},
                        {"COMPATIBLE_BASE_URL", "http://lm:1234/v1"}},
                       Purpose::kServe)
                .llm_allowed_providers,
            (Providers{"openai", "grok", "ollama", "ollama-openai", "compatible"}));
  EXPECT_EQ(LoadConfig({{"LLM_PROVIDER", "ollama"}, {"OPENAI_API_KEY", ""}}, Purpose::kServe)
                .llm_allowed_providers,
            Providers{"ollama"});
  EXPECT_EQ(LoadConfig({{"LLM_ALLOWED_PROVIDERS", "openai, grok"}}, Purpose::kServe)
                .llm_allowed_providers,
            (Providers{"openai", "grok"}));
  EXPECT_THAT(ErrorOf({{"LLM_ALLOWED_PROVIDERS", "openai,gemini"}}),
              HasSubstr("\"gemini\" is not a provider"));
  EXPECT_THAT(ErrorOf({{"LLM_ALLOWED_PROVIDERS", "grok"}}), HasSubstr("must include LLM_PROVIDER"));
}

TEST(RedactUrl, HidesUserInfoAndQuery) {
  EXPECT_EQ(RedactUrl("redis://:pw@h:1/0"), "redis://****@h:1/0");
  EXPECT_EQ(RedactUrl("http://user:pw@host/v1"), "http://****@host/v1");
  EXPECT_EQ(RedactUrl("https://TOKEN@host"), "https://****@host");
  EXPECT_EQ(RedactUrl("sqlite://data/a@b.db"), "sqlite://data/a@b.db");
  EXPECT_EQ(RedactUrl("https://h/path?key=secret#part"), "https://h/path?****");
  EXPECT_EQ(RedactUrl("https://u:p@h:8/p?x=@y"), "https://****@h:8/p?****");
  EXPECT_EQ(RedactUrl("https://api.openai.com/v1"), "https://api.openai.com/v1");
  EXPECT_EQ(RedactUrl("not a url"), "not a url");
}

}  // namespace
}  // namespace app
