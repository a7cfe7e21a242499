// RedisClient and RedisRateLimiter against a real redis-server on a loopback port.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "auth/redis_rate_limiter.hpp"
#include "store/redis/redis_client.hpp"
#include "support/redis_server.hpp"

namespace testing_support {
namespace {

using auth::RateDecision;
using auth::RedisRateLimiter;
using std::chrono::milliseconds;
using std::chrono::seconds;
using store::redis::RedisClient;
using store::redis::RedisError;
using store::redis::RedisOptions;
using store::redis::RedisReply;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

RedisOptions OptionsFor(const std::string& url) {
  RedisOptions options;
  options.url = url;
  return options;
}

TEST(RedisClient, RoundTripsBinaryValues) {
  RedisServer server;
  RedisClient client(OptionsFor(server.url()));
  const std::string value("a\0b\r\nc", 6);
  const RedisReply set = client.Command({"SET", "binary", value});
  EXPECT_EQ(set.type, RedisReply::Type::kStatus);
  EXPECT_EQ(set.text, "OK");

  const RedisReply get = client.Command({"GET", "binary"});
  ASSERT_EQ(get.type, RedisReply::Type::kString);
  EXPECT_EQ(get.text, value);

  EXPECT_EQ(client.Command({"GET", "missing"}).type, RedisReply::Type::kNil);
  const RedisReply pushed = client.Command({"RPUSH", "list", "x", "y"});
  EXPECT_EQ(pushed.type, RedisReply::Type::kInteger);
  EXPECT_EQ(pushed.integer, 2);
  const RedisReply range = client.Command({"LRANGE", "list", "0", "-1"});
  ASSERT_EQ(range.type, RedisReply::Type::kArray);
  ASSERT_EQ(range.elements.size(), 2u);
  EXPECT_EQ(range.elements[1].text, "y");
  EXPECT_TRUE(client.Ping());
}

TEST(RedisClient, ReturnsErrorRepliesAsValues) {
  RedisServer server;
  RedisClient client(OptionsFor(server.url()));
  client.Command({"SET", "text", "not a number"});
  const RedisReply reply = client.Command({"INCR", "text"});
  EXPECT_EQ(reply.type, RedisReply::Type::kError);
  EXPECT_THAT(reply.text, StartsWith("ERR"));
  // The connection stays usable.
  EXPECT_EQ(client.Command({"GET", "text"}).text, "not a number");
}

TEST(RedisClient, SelectsTheDatabaseFromTheUrl) {
  RedisServer server;
  RedisClient db0(OptionsFor(server.url()));
  RedisClient db2(OptionsFor(server.url() + "/2"));
  db2.Command({"SET", "where", "two"});
  EXPECT_EQ(db0.Command({"GET", "where"}).type, RedisReply::Type::kNil);
  EXPECT_EQ(db2.Command({"GET", "where"}).text, "two");
}

TEST(RedisClient, EvalReloadsTheScriptAfterScriptFlush) {
  RedisServer server;
  RedisClient client(OptionsFor(server.url()));
  const std::string script = "return {KEYS[1], ARGV[1]}";
  RedisReply reply = client.Eval(script, {"k"}, {"v"});
  ASSERT_EQ(reply.type, RedisReply::Type::kArray);
  EXPECT_EQ(reply.elements[0].text, "k");

  EXPECT_EQ(client.Command({"SCRIPT", "FLUSH"}).text, "OK");
  reply = client.Eval(script, {"k2"}, {"v2"});
  ASSERT_EQ(reply.type, RedisReply::Type::kArray) << reply.text;
  EXPECT_EQ(reply.elements[1].text, "v2");
}

TEST(RedisClient, ReconnectsAfterTheServerRestarts) {
  auto server = std::make_unique<RedisServer>();
  const std::uint16_t port = server->port();
  RedisOptions options = OptionsFor(server->url());
  options.pool_size = 2;
  RedisClient client(options);
  EXPECT_EQ(client.Command({"SET", "k", "v"}).text, "OK");

  server.reset();
  EXPECT_THROW(client.Command({"GET", "k"}), RedisError);
  EXPECT_FALSE(client.Ping());

  server = std::make_unique<RedisServer>(RedisServer::Options{.port = port, .requirepass = ""});
  EXPECT_EQ(client.Command({"GET", "k"}).type, RedisReply::Type::kNil);  // nothing persisted
  EXPECT_TRUE(client.Ping());
}

TEST(RedisClient, ReplacesStalePooledConnectionsTransparently) {
  auto server = std::make_unique<RedisServer>();
  const std::uint16_t port = server->port();
  RedisClient client(OptionsFor(server->url()));
  ASSERT_TRUE(client.Ping());  // leaves an idle pooled connection

  server.reset();
  server = std::make_unique<RedisServer>(RedisServer::Options{.port = port, .requirepass = ""});
  // The pooled connection is dead; the client reconnects once without surfacing an error.
  EXPECT_EQ(client.Command({"SET", "k", "v"}).text, "OK");
}

TEST(RedisClient, AuthenticatesWithThePassword) {
  RedisServer server(RedisServer::Options{.requirepass = "right-password-123"});
  const std::string address = "127.0.0.1:" + std::to_string(server.port());

  RedisClient anonymous(OptionsFor("redis://" + address));
  const RedisReply refused = anonymous.Command({"GET", "k"});
  EXPECT_EQ(refused.type, RedisReply::Type::kError);
  EXPECT_THAT(refused.text, StartsWith("NOAUTH"));

  RedisClient password_only(OptionsFor("redis://:right-password-123@" + address));
  EXPECT_TRUE(password_only.Ping());
  RedisClient with_user(OptionsFor("redis://default:right-password-123@" + address));
  EXPECT_EQ(with_user.Command({"SET", "k", "v"}).text, "OK");

  RedisClient wrong(OptionsFor("redis://:wrong-password-456@" + address));
  try {
    wrong.Command({"GET", "k"});
    ADD_FAILURE() << "a wrong password was accepted";
  } catch (const RedisError& error) {
    EXPECT_THAT(error.what(), HasSubstr("AUTH"));
    EXPECT_THAT(error.what(), Not(HasSubstr("wrong-password-456")));
  }
  EXPECT_FALSE(wrong.Ping());
}

TEST(RedisClient, ThrowsWhenNoServerListens) {
  RedisClient client(OptionsFor("redis://127.0.0.1:" + std::to_string(FreeLoopbackPort())));
  EXPECT_THROW(client.Command({"PING"}), RedisError);
  EXPECT_FALSE(client.Ping());
}

TEST(RedisClient, SharesAPoolAmongManyThreads) {
  RedisServer server;
  RedisOptions options = OptionsFor(server.url());
  options.pool_size = 2;
  RedisClient client(options);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) client.Command({"INCR", "counter"});
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(client.Command({"GET", "counter"}).text, "400");
}

TEST(RedisRateLimiter, EnforcesTheLimitAcrossInstances) {
  RedisServer server;
  RedisClient first_client(OptionsFor(server.url()));
  RedisClient second_client(OptionsFor(server.url()));
  RedisRateLimiter first(first_client);
  RedisRateLimiter second(second_client);

  int allowed = 0;
  for (int i = 0; i < 3; ++i) {
    allowed += first.Hit("login:bob", 5, seconds(60)).allowed;
    allowed += second.Hit("login:bob", 5, seconds(60)).allowed;
  }
  EXPECT_EQ(allowed, 5);
  const RateDecision refused = first.Hit("login:bob", 5, seconds(60));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.limit, 5);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_TRUE(second.Hit("login:carol", 5, seconds(60)).allowed);

  second.Reset("login:bob");
  const RateDecision after_reset = first.Hit("login:bob", 5, seconds(60));
  EXPECT_TRUE(after_reset.allowed);
  EXPECT_EQ(after_reset.remaining, 4);
  EXPECT_EQ(first_client.Command({"EXISTS", "backlog:rl:login:bob"}).integer, 1);
}

TEST(RedisRateLimiter, CountsConcurrentHitsExactly) {
  RedisServer server;
  RedisClient client(OptionsFor(server.url()));
  RedisRateLimiter limiter(client);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (limiter.Hit("busy", 100, seconds(60)).allowed) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST(RedisRateLimiter, ReportsTheTimeLeftInTheWindow) {
  RedisServer server;
  RedisClient client(OptionsFor(server.url()));
  RedisRateLimiter limiter(client);
  const RateDecision first = limiter.Hit("k", 2, milliseconds(5000));
  EXPECT_TRUE(first.allowed);
  EXPECT_EQ(first.remaining, 1);
  EXPECT_EQ(first.reset_after, milliseconds(5000));

  const RateDecision second = limiter.Hit("k", 2, milliseconds(5000));
  EXPECT_GT(second.reset_after, milliseconds(0));
  EXPECT_LE(second.reset_after, milliseconds(5000));

  // A window ends with the key's expiry, and the count starts over.
  const RateDecision short_window = limiter.Hit("short", 1, milliseconds(50));
  EXPECT_TRUE(short_window.allowed);
  const auto deadline = std::chrono::steady_clock::now() + seconds(10);
  while (client.Command({"EXISTS", "backlog:rl:short"}).integer == 1 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_TRUE(limiter.Hit("short", 1, milliseconds(50)).allowed);
}

TEST(RedisRateLimiter, ThrowsWhenRedisIsDown) {
  auto server = std::make_unique<RedisServer>();
  RedisClient client(OptionsFor(server->url()));
  RedisRateLimiter limiter(client);
  EXPECT_TRUE(limiter.Hit("k", 5, seconds(60)).allowed);
  server.reset();
  EXPECT_THROW(limiter.Hit("k", 5, seconds(60)), RedisError);
  EXPECT_THROW(limiter.Reset("k"), RedisError);
}

}  // namespace
}  // namespace testing_support
