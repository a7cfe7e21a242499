// With REDIS_URL set, sign-in limits and revocations are shared by every instance of the
// service and survive a restart. Two real service processes share one database and one real
// redis-server.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/redis_server.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using Json = nlohmann::json;

class TwoInstancesTest : public ::testing::Test {
 protected:
  EnvVars Env() const {
    return {{"BCRYPT_COST", "10"},
            {"REDIS_URL", redis_.url()},
            {"LOGIN_RATE_LIMIT", "6"},
            {"LOCKOUT_THRESHOLD", "100"}};
  }

  RedisServer redis_;
  TempDir dir_;
};

TEST_F(TwoInstancesTest, TheLoginLimitIsSharedByEveryInstance) {
  Service first(Service::InFolder{dir_.path()}, Env());
  Service second(Service::InFolder{dir_.path()}, Env());
  ASSERT_TRUE(first.process().WaitForLine("shared through Redis", std::chrono::seconds(5)));
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(Login(first.port(), "nobody", "a wrong password").status, 401);
    EXPECT_EQ(Login(second.port(), "nobody", "a wrong password").status, 401);
  }
  // Six attempts from this address in all: the seventh is refused, whichever instance gets it.
  EXPECT_EQ(Login(first.port(), "nobody", "a wrong password").status, 429);
  EXPECT_EQ(Login(second.port(), "nobody", "a wrong password").status, 429);
}

TEST_F(TwoInstancesTest, ALogoutOnOneInstanceIsRespectedByTheOther) {
  Service first(Service::InFolder{dir_.path()}, Env());
  Service second(Service::InFolder{dir_.path()}, Env());
  const SignedInClient ann = RegisterUser(first.port(), "ann");
  EXPECT_EQ(Send(second.port(), "GET", "/api/auth/verify", ann.Bearer()).status, 200);
  ASSERT_EQ(Send(first.port(), "POST", "/api/auth/logout", ann.Bearer()).status, 200);
  EXPECT_EQ(Send(second.port(), "GET", "/api/auth/verify", ann.Bearer()).status, 401);

  // And an invalidate-all on the second is respected by the first.
  SignedInClient again;
  ASSERT_EQ(Login(first.port(), "ann", "correct horse battery staple", &again).status, 200);
  ASSERT_EQ(
      PostJson(second.port(), "/api/auth/invalidate-all-tokens", Json::object(), again.Bearer())
          .status,
      200);
  EXPECT_EQ(Send(first.port(), "GET", "/api/auth/verify", again.Bearer()).status, 401);
}

TEST_F(TwoInstancesTest, LimitsSurviveARestartOfTheService) {
  {
    Service service(Service::InFolder{dir_.path()}, Env());
    for (int attempt = 0; attempt < 6; ++attempt) {
      EXPECT_EQ(Login(service.port(), "nobody", "a wrong password").status, 401);
    }
    ASSERT_EQ(service.Stop(), std::optional<int>(0));
  }
  Service restarted(Service::InFolder{dir_.path()}, Env());
  EXPECT_EQ(Login(restarted.port(), "nobody", "a wrong password").status, 429);
}

TEST(RedisUnavailable, TheServiceRefusesToStartNamingRedisUrl) {
  TempDir dir;
  EnvVars env = DefaultServiceEnv(dir.path());
  env["REDIS_URL"] = "redis://127.0.0.1:" + std::to_string(FreeLoopbackPort());
  const CommandResult result = RunBacklog({"serve"}, env, dir.path(), std::chrono::seconds(30));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_NE(result.output.find("REDIS_URL"), std::string::npos) << result.output;
}

}  // namespace
}  // namespace testing_support
