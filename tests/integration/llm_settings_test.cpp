// GET/PUT /api/settings/llm over HTTP: per-user model choices and provider keys that are
// encrypted at rest and never returned or logged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/auth_helpers.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

HttpResponse Put(std::uint16_t port, const SignedInClient& client, const Json& body) {
  HeaderList headers = client.Bearer();
  headers.push_back({"Content-Type", "application/json"});
  return Send(port, "PUT", "/api/settings/llm", headers, body.dump());
}

std::string SealedKeys(const std::filesystem::path& service_dir) {
  std::string sealed;
  for (const auto& row : QueryRows(service_dir, "SELECT sealed FROM user_api_keys")) {
    sealed += row.at(0) + "|";
  }
  return sealed;
}

TEST(LlmSettings, UsersChooseModelsPerAgentAndStoreKeysThatAreNeverReturned) {
  TempDir dir;
  Service service(
      Service::InFolder{dir.path()},
      AuthTestEnv({{"LLM_PROVIDER", "openai"},
                   {"LLM_MODEL", "gpt-4o-mini"},
                   {"LLM_ALLOWED_PROVIDERS", "openai,ollama"},
                   {"DATA_ENCRYPTION_KEY", "data-key-0123456789abcdef0123456789abcdef"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  const SignedInClient ben = RegisterUser(service.port(), "ben");

  const HttpResponse initial = Send(service.port(), "GET", "/api/settings/llm", ada.Bearer());
  ASSERT_EQ(initial.status, 200) << initial.body;
  const Json before = Json::parse(initial.body)["data"];
  EXPECT_EQ(before["effective"]["developer"]["model"], "gpt-4o-mini");
  EXPECT_EQ(before["api_keys"]["openai"]["set"], false);

  const std::string key = "sk-proj-ADA-PRIVATE-KEY-0001";
  const HttpResponse saved =
      Put(service.port(), ada,
          {{"settings",
            {{"defaults", {{"temperature", 0.3}}},
             {"agents", {{"developer", {{"provider", "ollama"}, {"model", "llama3.1:8b"}}}}}}},
           {"api_keys", {{"openai", key}}}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_THAT(saved.body, Not(HasSubstr("ADA-PRIVATE")));
  const Json after = Json::parse(saved.body)["data"];
  EXPECT_EQ(after["api_keys"]["openai"]["set"], true);
  EXPECT_EQ(after["effective"]["developer"]["provider"], "ollama");
  EXPECT_EQ(after["effective"]["developer"]["model"], "llama3.1:8b");
  EXPECT_EQ(after["effective"]["developer"]["temperature"], 0.3);
  EXPECT_EQ(after["effective"]["epic_strategist"]["model"], "gpt-4o-mini");

  // Stored encrypted, never in the answer, the database or the logs in clear.
  EXPECT_THAT(Send(service.port(), "GET", "/api/settings/llm", ada.Bearer()).body,
              Not(HasSubstr("ADA-PRIVATE")));
  const std::string sealed = SealedKeys(service.dir());
  EXPECT_FALSE(sealed.empty());
  EXPECT_THAT(sealed, Not(HasSubstr("ADA-PRIVATE")));

  // Another user sees only their own settings.
  const Json others =
      Json::parse(Send(service.port(), "GET", "/api/settings/llm", ben.Bearer()).body);
  EXPECT_EQ(others["data"]["api_keys"]["openai"]["set"], false);
  EXPECT_EQ(others["data"]["effective"]["developer"]["provider"], "openai");

  // Removing the key.
  const HttpResponse removed = Put(service.port(), ada, {{"api_keys", {{"openai", nullptr}}}});
  EXPECT_EQ(Json::parse(removed.body)["data"]["api_keys"]["openai"]["set"], false);

  ASSERT_TRUE(service.Stop().has_value());
  const std::string logs = service.process().Output() + ReadFile(dir / "logs" / "backlog.log");
  EXPECT_THAT(logs, Not(HasSubstr("ADA-PRIVATE")));
}

TEST(LlmSettings, InvalidSettingsAreRefusedNamingTheField) {
  Service service(AuthTestEnv());
  const SignedInClient cy = RegisterUser(service.port(), "cyd");
  const std::pair<Json, const char*> cases[] = {
      {{{"settings", {{"defaults", {{"provider", "acme"}}}}}}, "settings"},
      {{{"settings", {{"agents", {{"poet", Json::object()}}}}}}, "settings"},
      {{{"settings", {{"defaults", {{"temperature", 9}}}}}}, "settings"},
      {{{"api_keys", {{"ollama", "x"}}}}, "api_keys.ollama"},
      {{{"api_keys", {{"openai", "has spaces in it"}}}}, "api_keys.openai"},
  };
  for (const auto& [body, field] : cases) {
    const HttpResponse response = Put(service.port(), cy, body);
    EXPECT_EQ(response.status, 422) << body.dump();
    EXPECT_EQ(Json::parse(response.body)["errors"][0]["field"], field) << body.dump();
  }
  EXPECT_EQ(Send(service.port(), "GET", "/api/settings/llm").status, 401);
}

// A user may route calls only to providers the operator enabled; otherwise any user could
// point the service at whatever it can reach (a local Ollama, an internal server).
TEST(LlmSettings, UsersChooseOnlyProvidersTheOperatorEnabled) {
  Service service(AuthTestEnv({{"LLM_PROVIDER", "openai"}, {"OPENAI_API_KEY", "sk-server"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  const auto refused_field = [&](const Json& body) {
    const HttpResponse response = Put(service.port(), ada, body);
    EXPECT_EQ(response.status, 422) << response.body;
    const Json problem = Json::parse(response.body, nullptr, false);
    return problem.is_object() && problem.contains("errors") && !problem["errors"].empty()
               ? problem["errors"][0].value("field", "")
               : std::string("(no field error) ") + response.body;
  };
  EXPECT_EQ(refused_field({{"settings", {{"defaults", {{"provider", "ollama"}}}}}}),
            "settings.defaults.provider");
  EXPECT_EQ(
      refused_field({{"settings", {{"agents", {{"developer", {{"provider", "compatible"}}}}}}}}),
      "settings.agents.developer.provider");
  EXPECT_EQ(refused_field({{"api_keys", {{"grok", "xai-key"}}}}), "api_keys.grok");
  const HttpResponse openai =
      Put(service.port(), ada, {{"settings", {{"defaults", {{"provider", "openai"}}}}}});
  EXPECT_EQ(openai.status, 200) << openai.body;
  EXPECT_EQ(Json::parse(openai.body)["data"]["enabled_providers"], Json::array({"openai"}));

  Service listed(
      AuthTestEnv({{"LLM_PROVIDER", "openai"}, {"LLM_ALLOWED_PROVIDERS", "openai,ollama"}}));
  const SignedInClient ben = RegisterUser(listed.port(), "ben");
  EXPECT_EQ(
      Put(listed.port(), ben, {{"settings", {{"defaults", {{"provider", "ollama"}}}}}}).status,
      200);
}

// The operator's provider URL (and the credentials it may hold) never reaches a user, and the
// log shows it redacted: a failed call names the provider and points to the log.
TEST(LlmSettings, AnUnreachableProviderIsNamedWithoutItsUrlOrCredentials) {
  Service service(AuthTestEnv(
      {{"LLM_PROVIDER", "compatible"},
       {"LLM_MODEL", "local-model"},
       {"LLM_MAX_ATTEMPTS", "2"},
       {"COMPATIBLE_BASE_URL", "http://llmuser:llmpass@127.0.0.1:1/v1?key=querysecret"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  HeaderList headers = ada.Bearer();
  headers.emplace_back("Content-Type", "application/json");
  const HttpResponse response =
      Send(service.port(), "POST", "/api/vision/quality-check", headers,
           Json{{"vision", "Shoppers order groceries online and pick them up at the store."},
                {"domains", {"retail"}}}
               .dump());
  EXPECT_EQ(response.status, 503) << response.body;
  EXPECT_THAT(response.body, HasSubstr("OpenAI-compatible"));
  EXPECT_THAT(response.body, HasSubstr("log"));
  const std::string log = service.process().Output();
  for (const char* secret : {"llmuser", "llmpass", "querysecret"}) {
    EXPECT_THAT(response.body, Not(HasSubstr(secret)));
    EXPECT_THAT(log, Not(HasSubstr(secret)));
  }
  EXPECT_THAT(response.body, Not(HasSubstr("127.0.0.1")));
  EXPECT_THAT(log, HasSubstr("COMPATIBLE_BASE_URL=http://****@127.0.0.1:1/v1?****"));
  EXPECT_THAT(log, HasSubstr("could not connect"));
}

}  // namespace
}  // namespace testing_support
