// Accounts over HTTP: registration, sign-in, the original clients' response shape, password
// rules, no user enumeration, admins from the command line, and tokens other libraries accept.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

TEST(Accounts, RegisterAndLoginKeepTheOriginalResponseShape) {
  Service service(AuthTestEnv());
  const HttpResponse registered = PostJson(service.port(), "/api/auth/register",
                                           {{"username", "alice"},
                                            {"email", "alice@example.com"},
                                            {"password", kTestPassword},
                                            {"full_name", "Alice Liddell"}});
  ASSERT_EQ(registered.status, 200) << registered.body;
  const Json body = Json::parse(registered.body);
  EXPECT_EQ(body["success"], true);
  EXPECT_EQ(body["message"], "User registered successfully");
  const Json& user = body["data"]["user"];
  EXPECT_EQ(user["username"], "alice");
  EXPECT_EQ(user["email"], "alice@example.com");
  EXPECT_EQ(user["full_name"], "Alice Liddell");
  EXPECT_TRUE(user["id"].is_number_integer());
  EXPECT_TRUE(user["created_at"].is_number_integer());
  EXPECT_FALSE(user.contains("password_hash"));
  const Json& tokens = body["data"]["tokens"];
  EXPECT_EQ(tokens["token_type"], "bearer");
  EXPECT_EQ(tokens["expires_in"], 1800);
  EXPECT_FALSE(tokens["access_token"].get<std::string>().empty());

  SignedInClient client;
  const HttpResponse login = Login(service.port(), "ALICE", kTestPassword, &client);  // any case
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(Json::parse(login.body)["message"], "Login successful");
  EXPECT_EQ(Send(service.port(), "GET", "/api/auth/me", client.Bearer()).status, 200);
  const Json me = Json::parse(Send(service.port(), "GET", "/api/auth/me", client.Bearer()).body);
  EXPECT_EQ(me["data"]["username"], "alice");
  EXPECT_EQ(me["data"]["role"], "user");

  // Both verbs of verify, as the deployment guide uses GET.
  for (const char* method : {"GET", "POST"}) {
    const HttpResponse verify = Send(service.port(), method, "/api/auth/verify", client.Bearer());
    EXPECT_EQ(verify.status, 200) << method;
    EXPECT_EQ(Json::parse(verify.body)["data"]["valid"], true);
  }
  EXPECT_EQ(Send(service.port(), "GET", "/api/auth/verify").status, 401);
}

TEST(Accounts, RegistrationValidatesAndRefusesDuplicates) {
  Service service(AuthTestEnv());
  struct Case {
    Json body;
    int status;
    const char* field;
  };
  const Case cases[] = {
      {{{"username", "bob"}, {"email", "bob@example.com"}, {"password", "short pass"}},
       422,
       "password"},
      {{{"username", "bob"}, {"email", "bob@example.com"}, {"password", "password1234"}},
       422,
       "password"},
      {{{"username", "bob"}, {"email", "bob@example.com"}, {"password", "Qwertyuiop123"}},
       422,
       "password"},
      {{{"username", "bob"}, {"email", "not-an-email"}, {"password", kTestPassword}}, 422, "email"},
      {{{"username", "b"}, {"email", "bob@example.com"}, {"password", kTestPassword}},
       422,
       "username"},
      {{{"username", "bob smith"}, {"email", "bob@example.com"}, {"password", kTestPassword}},
       422,
       "username"},
      {{{"email", "bob@example.com"}, {"password", kTestPassword}}, 422, "username"},
  };
  for (const auto& c : cases) {
    const HttpResponse response = PostJson(service.port(), "/api/auth/register", c.body);
    EXPECT_EQ(response.status, c.status) << c.body.dump() << " " << response.body;
    EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
    EXPECT_EQ(Json::parse(response.body)["errors"][0]["field"], c.field) << c.body.dump();
  }
  // No composition rules: a long lower-case phrase is fine.
  RegisterUser(service.port(), "bob", "the quick brown fox jumps");
  const HttpResponse again =
      PostJson(service.port(), "/api/auth/register",
               {{"username", "BOB"}, {"email", "other@example.com"}, {"password", kTestPassword}});
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(Json::parse(again.body)["code"], "account_exists");
  // Not JSON, wrong type.
  EXPECT_EQ(
      Send(service.port(), "POST", "/api/auth/register", {{"Content-Type", "text/plain"}}, "x")
          .status,
      415);
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/register",
                 {{"Content-Type", "application/json"}}, "{not json")
                .status,
            400);
}

TEST(Accounts, RegistrationCanBeClosed) {
  Service service(AuthTestEnv({{"ALLOW_REGISTRATION", "false"}}));
  const HttpResponse response = PostJson(
      service.port(), "/api/auth/register",
      {{"username", "carol"}, {"email", "carol@example.com"}, {"password", kTestPassword}});
  EXPECT_EQ(response.status, 403);
  EXPECT_EQ(Json::parse(response.body)["code"], "registration_closed");
}

TEST(Accounts, UnknownUserAndWrongPasswordGetTheSameAnswerInTheSameTime) {
  Service service(AuthTestEnv());
  RegisterUser(service.port(), "dave");
  std::vector<double> wrong_ms;
  std::vector<double> unknown_ms;
  std::string wrong_body;
  std::string unknown_body;
  for (int i = 0; i < 7; ++i) {
    for (bool unknown : {false, true}) {
      const auto start = std::chrono::steady_clock::now();
      const HttpResponse response =
          Login(service.port(), unknown ? "nobody-here" : "dave", "wrong password, sorry");
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
              .count();
      EXPECT_EQ(response.status, 401);
      (unknown ? unknown_ms : wrong_ms).push_back(ms);
      (unknown ? unknown_body : wrong_body) = response.body;
    }
  }
  EXPECT_EQ(unknown_body, wrong_body);
  std::sort(wrong_ms.begin(), wrong_ms.end());
  std::sort(unknown_ms.begin(), unknown_ms.end());
  const double wrong_median = wrong_ms[3];
  const double unknown_median = unknown_ms[3];
  // Both spend a bcrypt verification (tens of milliseconds at cost 10).
  EXPECT_GT(unknown_median, 0.6 * wrong_median) << unknown_median << " vs " << wrong_median;
  EXPECT_LT(unknown_median, 1.6 * wrong_median) << unknown_median << " vs " << wrong_median;
}

TEST(Accounts, TheFirstAdminComesFromTheCommandLineAndCanAdministerUsers) {
  TempDir dir;
  const EnvVars env = [&] {
    EnvVars e = DefaultServiceEnv(dir.path());
    for (auto& [k, v] : AuthTestEnv()) e[k] = v;
    return e;
  }();
  // No password on the command line: it is read from standard input.
  const CommandResult no_password = RunBacklog(
      {"user", "create", "root", "--email", "root@example.com", "--admin"}, env, dir.path());
  EXPECT_NE(no_password.exit_code, 0);
  EXPECT_THAT(no_password.output, HasSubstr("no password"));

  Service service(Service::InFolder{dir.path()}, AuthTestEnv());
  {
    ChildProcess create(BACKLOG_BINARY,
                        {"user", "create", "root", "--email", "root@example.com", "--admin"}, env,
                        dir.path(), "an admin passphrase that is long\n");
    ASSERT_EQ(create.WaitForExit(std::chrono::seconds(60)), std::optional<int>(0))
        << create.Output();
    EXPECT_THAT(create.Output(), HasSubstr("created admin root"));
    EXPECT_THAT(create.Output(), Not(HasSubstr("passphrase")));
  }
  SignedInClient admin;
  ASSERT_EQ(Login(service.port(), "root", "an admin passphrase that is long", &admin).status, 200);
  const SignedInClient erin = RegisterUser(service.port(), "erin");

  const HttpResponse users = Send(service.port(), "GET", "/api/admin/users", admin.Bearer());
  ASSERT_EQ(users.status, 200) << users.body;
  const Json list = Json::parse(users.body)["data"];
  EXPECT_EQ(list["total"], 2);
  EXPECT_EQ(list["users"][1]["username"], "erin");
  EXPECT_EQ(list["users"][1]["locked"], false);

  // Users are not admins.
  EXPECT_EQ(Send(service.port(), "GET", "/api/admin/users", erin.Bearer()).status, 403);
  EXPECT_EQ(Send(service.port(), "GET", "/api/admin/users").status, 401);

  // Disable: her token stops at once and she cannot sign in; enable: she can again.
  const std::string id = std::to_string(erin.user_id);
  EXPECT_EQ(
      Send(service.port(), "POST", "/api/admin/users/" + id + "/disable", admin.Bearer()).status,
      200);
  EXPECT_EQ(Send(service.port(), "GET", "/api/auth/verify", erin.Bearer()).status, 401);
  const HttpResponse disabled = Login(service.port(), "erin", kTestPassword);
  EXPECT_EQ(disabled.status, 403);
  EXPECT_EQ(Json::parse(disabled.body)["code"], "account_disabled");
  EXPECT_EQ(
      Send(service.port(), "POST", "/api/admin/users/" + id + "/enable", admin.Bearer()).status,
      200);
  EXPECT_EQ(Login(service.port(), "erin", kTestPassword).status, 200);
  EXPECT_EQ(Send(service.port(), "POST", "/api/admin/users/999/disable", admin.Bearer()).status,
            404);
  EXPECT_TRUE(service.process().WaitForLine("Disabled user erin .* by admin root",
                                            std::chrono::seconds(5)));
}

TEST(Accounts, AHashFromAnotherBcryptLibraryVerifies) {
  TempDir dir;
  Service service(Service::InFolder{dir.path()}, AuthTestEnv());
  RegisterUser(service.port(), "frank");
  // Replace frank's hash with one made by Python's bcrypt ($2b$ and $2a$ variants).
  for (const char* prefix : {"2b", "2a"}) {
    const CommandResult hashed = RunProgram(
        {"/usr/bin/python3", "-c",
         std::string("import bcrypt,sys; sys.stdout.write(bcrypt.hashpw(b'made by python bcrypt', "
                     "bcrypt.gensalt(10, prefix=b'") +
             prefix + "')).decode())"});
    ASSERT_EQ(hashed.exit_code, 0) << hashed.output;
    const std::string hash = hashed.output.substr(0, hashed.output.find_last_not_of("\n") + 1);
    ASSERT_EQ(hash.size(), 60u) << hashed.output;
    QueryRows(service.dir(), "UPDATE users SET password_hash = ? WHERE username = 'frank'", {hash});
    EXPECT_EQ(Login(service.port(), "frank", "made by python bcrypt").status, 200) << prefix;
    EXPECT_EQ(Login(service.port(), "frank", "made by python bcryp").status, 401) << prefix;
  }
}

TEST(Accounts, IssuedTokensVerifyWithPyJwtUsingTheConfiguredSecretIssuerAndAudience) {
  Service service(AuthTestEnv());
  const SignedInClient gina = RegisterUser(service.port(), "gina");
  const std::string script =
      "import jwt,sys,json\n"
      "claims = jwt.decode(sys.argv[1], sys.argv[2], algorithms=['HS256'],\n"
      "    audience='agile-backlog-automation', issuer='agile-backlog-automation',\n"
      "    options={'require': ['exp', 'iat', 'iss', 'aud', 'sub', 'jti']})\n"
      "print(json.dumps(claims))\n";
  const CommandResult decoded =
      RunProgram({"/usr/bin/python3", "-c", script, gina.access_token, kTestJwtSecret});
  ASSERT_EQ(decoded.exit_code, 0) << decoded.output;
  const Json claims = Json::parse(decoded.output);
  EXPECT_EQ(claims["sub"], std::to_string(gina.user_id));
  EXPECT_EQ(claims["jti"].get<std::string>().size(), 32u);  // 128 random bits in hex
  EXPECT_EQ(claims["exp"].get<std::int64_t>() - claims["iat"].get<std::int64_t>(), 1800);
  const CommandResult wrong_secret = RunProgram(
      {"/usr/bin/python3", "-c", script, gina.access_token, "another-secret-0123456789abcdef0123"});
  EXPECT_NE(wrong_secret.exit_code, 0);
}

}  // namespace
}  // namespace testing_support
