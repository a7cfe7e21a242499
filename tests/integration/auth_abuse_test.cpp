// Abuse protection over HTTP: the login rate limit and its headers, client addresses behind
// proxies, account lockout, the bounded password-hashing pool, the general API limit, the
// purge of old login data, and the security log.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;
using Json = nlohmann::json;
using namespace std::chrono_literals;

// The sign-in limits stay at their defaults here unless a test sets them.
EnvVars Env(const EnvVars& extra) {
  EnvVars env{{"BCRYPT_COST", "10"}};
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

TEST(LoginRateLimit, TheEleventhAttemptInAMinuteIs429WithRetryAfterAndRateLimitHeaders) {
  Service service(Env({{"LOCKOUT_THRESHOLD", "100"}}));
  RegisterUser(service.port(), "rita");
  for (int attempt = 1; attempt <= 10; ++attempt) {
    // Successes count too: the limit is on attempts, not failures.
    const HttpResponse response =
        Login(service.port(), "rita", attempt % 2 ? kTestPassword : "a wrong password!!");
    EXPECT_NE(response.status, 429) << attempt;
  }
  const HttpResponse eleventh = Login(service.port(), "rita", kTestPassword);
  EXPECT_EQ(eleventh.status, 429);
  EXPECT_EQ(Json::parse(eleventh.body)["code"], "rate_limited");
  const int retry = std::stoi(eleventh.Header("Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 60);
  EXPECT_EQ(eleventh.Header("RateLimit-Policy"), "\"login\";q=10;w=60");
  EXPECT_THAT(eleventh.Header("RateLimit"), MatchesRegex("\"login\";r=0;t=[0-9]+"));
  EXPECT_TRUE(
      service.process().WaitForLine("Failed login for rita from 127.0.0.1: too many attempts", 5s));
}

TEST(LoginRateLimit, ASpoofedForwardedForFromAnUntrustedPeerChangesNothing) {
  Service service(Env({{"LOGIN_RATE_LIMIT", "3"}, {"LOCKOUT_THRESHOLD", "100"}}));
  for (int attempt = 0; attempt < 6; ++attempt) {
    const std::string spoofed = "203.0.113." + std::to_string(attempt);
    const HttpResponse response = Login(service.port(), "nobody", "some wrong password", nullptr,
                                        {{"X-Forwarded-For", spoofed}, {"X-Real-IP", spoofed}});
    EXPECT_EQ(response.status, attempt < 3 ? 401 : 429) << attempt;
  }
  EXPECT_TRUE(service.process().WaitForLine("Failed login for nobody from 127.0.0.1", 5s));
  EXPECT_THAT(service.process().Output(), Not(HasSubstr("203.0.113.")));
}

TEST(LoginRateLimit, BehindATrustedProxyEachForwardedClientHasItsOwnLimit) {
  Service service(Env({{"LOGIN_RATE_LIMIT", "3"},
                       {"LOCKOUT_THRESHOLD", "100"},
                       {"TRUSTED_PROXIES", "127.0.0.0/8"}}));
  // nginx appends the client it saw; anything to its left is the client's own claim.
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(Login(service.port(), "nobody", "some wrong password", nullptr,
                    {{"X-Forwarded-For", "10.9.9.9, 198.51.100.7"}})
                  .status,
              401);
  }
  EXPECT_EQ(Login(service.port(), "nobody", "some wrong password", nullptr,
                  {{"X-Forwarded-For", "1.2.3.4, 198.51.100.7"}})
                .status,
            429);
  EXPECT_EQ(Login(service.port(), "nobody", "some wrong password", nullptr,
                  {{"X-Forwarded-For", "198.51.100.8"}})
                .status,
            401);
  EXPECT_TRUE(service.process().WaitForLine("Failed login for nobody from 198.51.100.7", 5s));
}

TEST(RegistrationRateLimit, HasItsOwnBudgetPerAddressAnsweredWith429AndRateLimitHeaders) {
  Service service(Env({{"REGISTER_RATE_LIMIT", "3"}, {"LOGIN_RATE_LIMIT", "2"}}));
  for (const char* name : {"reg0", "reg1", "reg2"}) RegisterUser(service.port(), name);
  const auto register_as = [&](const std::string& name) {
    return PostJson(
        service.port(), "/api/auth/register",
        {{"username", name}, {"email", name + "@example.com"}, {"password", kTestPassword}});
  };
  const HttpResponse fourth = register_as("reg3");
  EXPECT_EQ(fourth.status, 429);
  EXPECT_EQ(Json::parse(fourth.body)["code"], "rate_limited");
  const int retry = std::stoi(fourth.Header("Retry-After"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 3600);
  EXPECT_EQ(fourth.Header("RateLimit-Policy"), "\"register\";q=3;w=3600");
  EXPECT_THAT(fourth.Header("RateLimit"), MatchesRegex("\"register\";r=0;t=[0-9]+"));
  // Re-registering a taken name is counted and refused the same way.
  EXPECT_EQ(register_as("reg0").status, 429);
  EXPECT_TRUE(service.process().WaitForLine(
      "Refused registration from 127.0.0.1: too many attempts from this address", 5s));

  // The sign-in budget of the same address is untouched: both of its attempts succeed.
  EXPECT_EQ(Login(service.port(), "reg0", kTestPassword).status, 200);
  EXPECT_EQ(Login(service.port(), "reg1", kTestPassword).status, 200);
  EXPECT_EQ(Login(service.port(), "reg2", kTestPassword).status, 429);
}

TEST(Lockout, FiveFailuresLockAndAttemptsWhileLockedDoNotExtendTheLock) {
  Service service(Env({{"LOGIN_RATE_LIMIT", "1000"},
                       {"API_RATE_LIMIT", "100000"},
                       {"LOCKOUT_DURATION_SECONDS", "3"}}));
  RegisterUser(service.port(), "sam");
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(Login(service.port(), "sam", "not the password!!").status, 401) << attempt;
  }
  const auto locked_at = std::chrono::steady_clock::now();
  const HttpResponse locked = Login(service.port(), "sam", kTestPassword);
  EXPECT_EQ(locked.status, 423);
  EXPECT_EQ(Json::parse(locked.body)["code"], "account_locked");
  EXPECT_GE(std::stoi(locked.Header("Retry-After")), 1);
  EXPECT_TRUE(service.process().WaitForLine("Account sam locked until", 5s));

  // An attacker keeps trying during the lock: the lock still ends on time.
  HttpResponse response;
  do {
    // Surely inside the 3 s lock when sent this early; later it may just have ended (then the
    // wrong password is simply wrong).
    const bool surely_locked = std::chrono::steady_clock::now() - locked_at < 2s;
    const int wrong = Login(service.port(), "sam", "still not the password").status;
    if (surely_locked) {
      EXPECT_EQ(wrong, 423);
    } else {
      EXPECT_TRUE(wrong == 423 || wrong == 401) << wrong;
    }
    std::this_thread::sleep_for(100ms);  // the lock is a matter of time: poll it gently
    response = Login(service.port(), "sam", kTestPassword);
  } while (response.status == 423 && std::chrono::steady_clock::now() - locked_at < 20s);
  EXPECT_EQ(response.status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - locked_at, 6s);

  // The success reset the count: four more failures do not lock.
  for (int attempt = 0; attempt < 4; ++attempt) {
    EXPECT_EQ(Login(service.port(), "sam", "not the password!!").status, 401);
  }
  EXPECT_EQ(Login(service.port(), "sam", kTestPassword).status, 200);
}

TEST(Lockout, UnknownNamesLockTheSameWayAndParallelGuessesCannotSlipThrough) {
  Service service(Env({{"LOGIN_RATE_LIMIT", "1000"}}));
  RegisterUser(service.port(), "tina");
  // Twenty parallel wrong guesses: at most five are checked, the rest are refused as locked.
  std::atomic<int> unauthorized{0};
  std::atomic<int> locked{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 20; ++i) {
    guessers.emplace_back([&] {
      const int status = Login(service.port(), "tina", "parallel wrong guess").status;
      (status == 401 ? unauthorized : locked) += (status == 401 || status == 423) ? 1 : 0;
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_LE(unauthorized.load(), 5);
  EXPECT_EQ(unauthorized.load() + locked.load(), 20);

  for (int attempt = 0; attempt < 5; ++attempt) Login(service.port(), "ghost", "whatever it is");
  EXPECT_EQ(Login(service.port(), "ghost", "whatever it is").status, 423);
}

TEST(Lockout, CountsPerAccountWhetherTheNameOrTheEmailAddressIsTyped) {
  Service service(Env({{"LOGIN_RATE_LIMIT", "1000"}}));
  RegisterUser(service.port(), "vic");
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(Login(service.port(), "vic", "not the password!!").status, 401) << attempt;
  }
  // The right password through the e-mail address does not get around the lock.
  const HttpResponse by_email = Login(service.port(), "vic@example.com", kTestPassword);
  EXPECT_EQ(by_email.status, 423);
  EXPECT_EQ(Json::parse(by_email.body)["code"], "account_locked");

  // Mixing the two from the start adds up just the same.
  RegisterUser(service.port(), "wes");
  for (const char* login : {"wes", "wes@example.com", "WES", "Wes@Example.com", "wes"}) {
    EXPECT_EQ(Login(service.port(), login, "not the password!!").status, 401) << login;
  }
  EXPECT_EQ(Login(service.port(), "wes@example.com", kTestPassword).status, 423);
}

TEST(Lockout, AnAdminCanUnlock) {
  TempDir dir;
  EnvVars env = DefaultServiceEnv(dir.path());
  env["BCRYPT_COST"] = "10";
  Service service(Service::InFolder{dir.path()}, Env({{"LOGIN_RATE_LIMIT", "1000"}}));
  ChildProcess create(BACKLOG_BINARY,
                      {"user", "create", "chief", "--email", "chief@example.com", "--admin"}, env,
                      dir.path(), "the chief's passphrase\n");
  ASSERT_EQ(create.WaitForExit(60s), std::optional<int>(0)) << create.Output();
  SignedInClient admin;
  ASSERT_EQ(Login(service.port(), "chief", "the chief's passphrase", &admin).status, 200);
  const SignedInClient uma = RegisterUser(service.port(), "uma");
  for (int attempt = 0; attempt < 5; ++attempt) Login(service.port(), "uma", "wrong wrong wrong");
  ASSERT_EQ(Login(service.port(), "uma", kTestPassword).status, 423);
  const Json users =
      Json::parse(Send(service.port(), "GET", "/api/admin/users", admin.Bearer()).body);
  EXPECT_EQ(users["data"]["users"][1]["locked"], true);

  EXPECT_EQ(Send(service.port(), "POST",
                 "/api/admin/users/" + std::to_string(uma.user_id) + "/unlock", admin.Bearer())
                .status,
            200);
  EXPECT_EQ(Login(service.port(), "uma", kTestPassword).status, 200);
  EXPECT_TRUE(service.process().WaitForLine("Unlocked user uma .* by admin chief", 5s));

  // A lock made through the e-mail address is the account's: listed, and lifted, the same way.
  for (int attempt = 0; attempt < 5; ++attempt) {
    Login(service.port(), "uma@example.com", "wrong wrong wrong");
  }
  ASSERT_EQ(Login(service.port(), "uma", kTestPassword).status, 423);
  const Json listed =
      Json::parse(Send(service.port(), "GET", "/api/admin/users", admin.Bearer()).body);
  EXPECT_EQ(listed["data"]["users"][1]["locked"], true);
  EXPECT_EQ(Send(service.port(), "POST",
                 "/api/admin/users/" + std::to_string(uma.user_id) + "/unlock", admin.Bearer())
                .status,
            200);
  EXPECT_EQ(Login(service.port(), "uma@example.com", kTestPassword).status, 200);
}

TEST(PasswordPool, AFullQueueAnswers503WithRetryAfterInsteadOfQueueingForever) {
  Service service(Env({{"BCRYPT_COST", "13"},
                       {"PASSWORD_HASH_THREADS", "1"},
                       {"PASSWORD_HASH_QUEUE", "2"},
                       {"LOGIN_RATE_LIMIT", "1000"},
                       {"LOCKOUT_THRESHOLD", "100"}}));
  std::atomic<int> busy{0};
  std::atomic<int> answered{0};
  std::string retry_after;
  std::mutex mutex;
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      const HttpResponse response = Login(service.port(), "nobody", "a wrong password");
      if (response.status == 503) {
        ++busy;
        std::lock_guard lock(mutex);
        retry_after = response.Header("Retry-After");
      } else if (response.status == 401) {
        ++answered;
      }
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_GE(busy.load(), 1);
  EXPECT_GE(answered.load(), 1);
  EXPECT_EQ(busy.load() + answered.load(), 8);
  EXPECT_EQ(retry_after, "1");
  // Meanwhile nothing else waited on the hashing pool.
  EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 200);
}

// Registrations hash on a pool of their own: a flood of them, even under the registration
// limit, leaves sign-in its capacity, and every real login still succeeds.
TEST(PasswordPool, LoginsKeepSucceedingDuringARegistrationFlood) {
  Service service(Env({{"PASSWORD_HASH_THREADS", "1"},
                       {"PASSWORD_HASH_QUEUE", "8"},
                       {"REGISTER_HASH_QUEUE", "8"},
                       {"REGISTER_RATE_LIMIT", "100000"},
                       {"LOGIN_RATE_LIMIT", "1000"}}));
  RegisterUser(service.port(), "ada");
  std::atomic<bool> flooding{true};
  std::atomic<int> registrations{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 24; ++t) {
    flood.emplace_back([&, t] {
      for (int i = 0; flooding; ++i) {
        const std::string name = "flood" + std::to_string(t) + "x" + std::to_string(i);
        PostJson(service.port(), "/api/auth/register",
                 {{"username", name},
                  {"email", name + "@example.com"},
                  {"password", "correct horse battery staple"}});
        ++registrations;
      }
    });
  }
  // Once the flood has filled the registration queue, sign in over and over.
  while (registrations < 24) std::this_thread::sleep_for(10ms);
  std::vector<int> statuses;
  for (int i = 0; i < 10; ++i)
    statuses.push_back(Login(service.port(), "ada", kTestPassword).status);
  flooding = false;
  for (auto& thread : flood) thread.join();
  EXPECT_EQ(statuses, std::vector<int>(10, 200));
}

TEST(ApiRateLimit, ProtectsOtherEndpointsPerUser) {
  Service service(Env({{"API_RATE_LIMIT", "5"}, {"API_RATE_WINDOW_SECONDS", "60"}}));
  const SignedInClient vera = RegisterUser(service.port(), "vera");
  int allowed = 0;
  HttpResponse last;
  for (int i = 0; i < 8; ++i) {
    last = Send(service.port(), "GET", "/api/auth/me", vera.Bearer());
    if (last.status == 200) ++allowed;
  }
  EXPECT_EQ(last.status, 429);
  EXPECT_LE(allowed, 5);
  EXPECT_GE(std::stoi(last.Header("Retry-After")), 1);
  EXPECT_EQ(last.Header("RateLimit-Policy"), "\"api\";q=5;w=60");
  // Health checks are exempt.
  for (int i = 0; i < 10; ++i) EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 200);
}

TEST(Purge, LoginAttemptsOlderThanThirtyDaysAreDeletedOnDemandAndAtStart) {
  TempDir dir;
  EnvVars env = DefaultServiceEnv(dir.path());
  {
    Service service(Service::InFolder{dir.path()}, Env({}));
    Login(service.port(), "someone", "a wrong password");
    ASSERT_EQ(service.Stop(), std::optional<int>(0));
  }
  const auto database = dir.path();
  const auto insert_old = [&] {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    ExecSql(database,
            "INSERT INTO login_attempts (username, ip_address, user_agent, attempted_at, "
            "succeeded, reason) VALUES ('old', '10.0.0.1', 'x', " +
                std::to_string(now - 31 * 86400) + ", 0, 'bad_credentials'), ('recent', " +
                "'10.0.0.1', 'x', " + std::to_string(now - 29 * 86400) + ", 0, 'bad_credentials')");
  };
  insert_old();
  const CommandResult purge = RunBacklog({"auth", "purge"}, env, dir.path());
  EXPECT_EQ(purge.exit_code, 0) << purge.output;
  EXPECT_THAT(purge.output, HasSubstr("1 login attempt(s) older than 30 days"));
  EXPECT_EQ(QueryInt(database, "SELECT count(*) FROM login_attempts WHERE username = 'old'"), 0);
  EXPECT_EQ(QueryInt(database, "SELECT count(*) FROM login_attempts WHERE username = 'recent'"), 1);
  EXPECT_EQ(QueryInt(database, "SELECT count(*) FROM login_attempts WHERE username = 'someone'"),
            1);

  insert_old();
  Service restarted(Service::InFolder{dir.path()}, Env({}));
  ASSERT_TRUE(restarted.process().WaitForLine("purged .* 1 old login attempt", 10s));
  EXPECT_EQ(QueryInt(database, "SELECT count(*) FROM login_attempts WHERE username = 'old'"), 0);
}

TEST(SecurityLog, NamesFailedLoginsAndNeverCarriesSecrets) {
  TempDir dir;
  Service service(Service::InFolder{dir.path()},
                  Env({{"AUTH_DEBUG", "true"}, {"LOCKOUT_THRESHOLD", "100"}}));
  const SignedInClient wendy = RegisterUser(service.port(), "wendy");
  ASSERT_EQ(Login(service.port(), "wendy", "the wrong passphrase 42").status, 401);
  ASSERT_EQ(Login(service.port(), "evil\nFailed login for admin", "the wrong passphrase 43").status,
            401);
  HeaderList logout = wendy.Bearer();
  ASSERT_EQ(Send(service.port(), "POST", "/api/auth/logout", logout).status, 200);
  ASSERT_TRUE(service.Stop().has_value());

  const std::string auth_log = ReadFile(dir / "logs" / "auth.log");
  EXPECT_THAT(auth_log,
              HasSubstr("Failed login for wendy from 127.0.0.1: invalid user name or password"));
  EXPECT_THAT(auth_log,
              HasSubstr("Failed login for evil?Failed login for admin"));  // no forged line
  const std::string everything =
      auth_log + ReadFile(dir / "logs" / "backlog.log") + service.process().Output();
  for (const std::string& secret :
       {std::string(kTestPassword), std::string("the wrong passphrase 42"), wendy.access_token,
        wendy.Cookie("refresh_token"), std::string(kTestJwtSecret), std::string("$2b$")}) {
    EXPECT_THAT(everything, Not(HasSubstr(secret))) << secret;
  }
}

TEST(SecurityLog, UnicodeLineBreaksInANameAreNotWrittenRaw) {
  TempDir dir;
  Service service(Service::InFolder{dir.path()},
                  Env({{"LOG_FORMAT", "json"}, {"LOCKOUT_THRESHOLD", "100"}}));
  // LINE SEPARATOR, PARAGRAPH SEPARATOR, NEXT LINE and a C1 control (CSI), each before a forged
  // entry; then a name that must stay as it is.
  for (const char* breaker : {"\u2028", "\u2029", "\u0085", "\u009B"}) {
    ASSERT_EQ(Login(service.port(), std::string("evil") + breaker + "Failed login for admin",
                    "the wrong passphrase 44")
                  .status,
              401);
  }
  ASSERT_EQ(Login(service.port(), "Jos\u00E9-\u5C71\u7530", "the wrong passphrase 45").status, 401);
  ASSERT_TRUE(service.Stop().has_value());

  const std::string auth_log = ReadFile(dir / "logs" / "auth.log");
  for (const std::string& file : {auth_log, ReadFile(dir / "logs" / "backlog.log")}) {
    for (const char* raw : {"\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85", "\xC2\x9B"}) {
      EXPECT_THAT(file, Not(HasSubstr(raw)));
    }
    std::size_t start = 0;
    for (std::size_t end; (end = file.find('\n', start)) != std::string::npos; start = end + 1) {
      const std::string line = file.substr(start, end - start);
      EXPECT_FALSE(Json::parse(line, nullptr, false).is_discarded()) << line;
    }
  }
  const std::string cleaned = "Failed login for evil?Failed login for admin from 127.0.0.1";
  std::size_t times = 0;
  for (auto at = auth_log.find(cleaned); at != std::string::npos;
       at = auth_log.find(cleaned, at + 1)) {
    ++times;
  }
  EXPECT_EQ(times, 4u);
  EXPECT_THAT(auth_log, HasSubstr("Failed login for Jos\u00E9-\u5C71\u7530 from 127.0.0.1"));
}

}  // namespace
}  // namespace testing_support
