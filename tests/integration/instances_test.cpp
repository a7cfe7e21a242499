// Several instances on one database: without Redis their limits and revocations would be their
// own, so an instance refuses to start beside a live one unless both share Redis. Runs on both
// backends (on SQLite, the instances share one file on one machine).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/redis_server.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(Instances, WithoutRedisASecondInstanceRefusesToStartUntilTheFirstIsGone) {
  TempDir dir;
  auto first = std::make_unique<Service>(Service::InFolder{dir.path()}, EnvVars{});
  const CommandResult second =
      RunBacklog({"serve"}, DefaultServiceEnv(dir.path()), dir.path(), 30s);
  EXPECT_EQ(second.exit_code, 2) << second.output;
  EXPECT_THAT(second.output, HasSubstr("serves from this database"));
  EXPECT_THAT(second.output, HasSubstr("REDIS_URL"));

  // Stopped cleanly or killed, the first no longer counts: the next start goes ahead.
  first->process().Signal(SIGKILL);
  ASSERT_TRUE(first->process().WaitForExit(10s));
  first.reset();
  Service third(Service::InFolder{dir.path()}, EnvVars{});
  EXPECT_EQ(HttpGet(third.port(), "/api/health").status, 200);
}

TEST(Instances, WithRedisOnEveryInstanceTheyRunTogetherAndShareRevocations) {
  TempDir dir;
  RedisServer redis;
  Service first(Service::InFolder{dir.path()}, AuthTestEnv({{"REDIS_URL", redis.url()}}));
  // One with Redis beside one without is refused too: the one without would keep its own limits.
  const CommandResult lone = RunBacklog({"serve"}, DefaultServiceEnv(dir.path()), dir.path(), 30s);
  EXPECT_EQ(lone.exit_code, 2) << lone.output;
  Service second(Service::InFolder{dir.path()}, AuthTestEnv({{"REDIS_URL", redis.url()}}));
  const SignedInClient ada = RegisterUser(first.port(), "ada");
  EXPECT_EQ(HttpGet(second.port(), "/api/auth/me", ada.Bearer()).status, 200);
  EXPECT_EQ(Send(second.port(), "POST", "/api/auth/logout", ada.Bearer(), "").status, 200);
  EXPECT_EQ(HttpGet(first.port(), "/api/auth/me", ada.Bearer()).status, 401);
}

}  // namespace
}  // namespace testing_support
