#include "auth/rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace auth {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

class InMemoryRateLimiterTest : public ::testing::Test {
 protected:
  void Advance(milliseconds duration) { now_ += duration; }

  std::chrono::steady_clock::time_point now_{seconds(1000)};
  InMemoryRateLimiter limiter_{[this] { return now_; }};
};

TEST_F(InMemoryRateLimiterTest, RefusesTheHitAfterTheLimit) {
  for (int hit = 1; hit <= 3; ++hit) {
    const RateDecision decision = limiter_.Hit("login:alice", 3, seconds(60));
    EXPECT_TRUE(decision.allowed) << hit;
    EXPECT_EQ(decision.limit, 3);
    EXPECT_EQ(decision.remaining, 3 - hit);
    Advance(seconds(1));
  }
  const RateDecision refused = limiter_.Hit("login:alice", 3, seconds(60));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.remaining, 0);
  EXPECT_EQ(refused.reset_after, seconds(57));  // the window began with the first hit

  const RateDecision again = limiter_.Hit("login:alice", 3, seconds(60));
  EXPECT_FALSE(again.allowed);
  EXPECT_EQ(again.remaining, 0);
}

TEST_F(InMemoryRateLimiterTest, NewWindowRestartsTheCount) {
  for (int hit = 0; hit < 2; ++hit) EXPECT_TRUE(limiter_.Hit("k", 2, seconds(10)).allowed);
  EXPECT_FALSE(limiter_.Hit("k", 2, seconds(10)).allowed);

  Advance(milliseconds(9999));
  EXPECT_FALSE(limiter_.Hit("k", 2, seconds(10)).allowed);
  Advance(milliseconds(1));
  const RateDecision fresh = limiter_.Hit("k", 2, seconds(10));
  EXPECT_TRUE(fresh.allowed);
  EXPECT_EQ(fresh.remaining, 1);
  EXPECT_EQ(fresh.reset_after, seconds(10));
}

TEST_F(InMemoryRateLimiterTest, KeysAreIndependent) {
  EXPECT_TRUE(limiter_.Hit("a", 1, seconds(10)).allowed);
  EXPECT_FALSE(limiter_.Hit("a", 1, seconds(10)).allowed);
  EXPECT_TRUE(limiter_.Hit("b", 1, seconds(10)).allowed);
  EXPECT_FALSE(limiter_.Hit("b", 1, seconds(10)).allowed);
}

TEST_F(InMemoryRateLimiterTest, ResetForgetsTheKey) {
  EXPECT_TRUE(limiter_.Hit("a", 1, seconds(10)).allowed);
  EXPECT_TRUE(limiter_.Hit("b", 1, seconds(10)).allowed);
  EXPECT_FALSE(limiter_.Hit("a", 1, seconds(10)).allowed);
  limiter_.Reset("a");
  limiter_.Reset("never-seen");
  EXPECT_TRUE(limiter_.Hit("a", 1, seconds(10)).allowed);
  EXPECT_FALSE(limiter_.Hit("b", 1, seconds(10)).allowed);
}

TEST_F(InMemoryRateLimiterTest, ZeroLimitRefusesEverything) {
  const RateDecision decision = limiter_.Hit("k", 0, seconds(10));
  EXPECT_FALSE(decision.allowed);
  EXPECT_EQ(decision.remaining, 0);
}

TEST_F(InMemoryRateLimiterTest, RejectsInvalidArguments) {
  EXPECT_THROW(limiter_.Hit("k", -1, seconds(10)), std::invalid_argument);
  EXPECT_THROW(limiter_.Hit("k", 1, milliseconds(0)), std::invalid_argument);
}

TEST_F(InMemoryRateLimiterTest, SweepsEndedWindows) {
  for (int i = 0; i < 1000; ++i) limiter_.Hit("old-" + std::to_string(i), 5, seconds(1));
  EXPECT_EQ(limiter_.TrackedKeysForTest(), 1000u);

  Advance(seconds(2));
  for (int i = 0; i < 200; ++i) limiter_.Hit("new-" + std::to_string(i), 5, seconds(1));
  EXPECT_EQ(limiter_.TrackedKeysForTest(), 200u);
}

TEST_F(InMemoryRateLimiterTest, LiveWindowsSurviveTheSweep) {
  EXPECT_TRUE(limiter_.Hit("long", 1, seconds(60)).allowed);
  for (int i = 0; i < 200; ++i) limiter_.Hit("short-" + std::to_string(i), 5, seconds(1));
  Advance(seconds(2));
  for (int i = 0; i < 200; ++i) limiter_.Hit("other-" + std::to_string(i), 5, seconds(1));
  EXPECT_EQ(limiter_.TrackedKeysForTest(), 201u);
  EXPECT_FALSE(limiter_.Hit("long", 1, seconds(60)).allowed);
}

TEST(InMemoryRateLimiter, ConcurrentHitsNeverExceedTheLimit) {
  InMemoryRateLimiter limiter;
  constexpr int kThreads = 8;
  constexpr int kHitsPerThread = 500;
  constexpr std::int64_t kLimit = 1000;
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kHitsPerThread; ++i) {
        if (limiter.Hit("shared", kLimit, std::chrono::hours(1)).allowed) ++allowed;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), kLimit);
}

}  // namespace
}  // namespace auth
