#include "http/concurrency_quota.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <thread>
#include <vector>

#include "http/pending_response.hpp"

namespace http {
namespace {

TEST(ConcurrencyQuota, AdmitsUpToTheLimitPerKeyAndTakesPlacesBack) {
  ConcurrencyQuota quota(2);
  auto first = quota.TryAcquire("ada");
  auto second = quota.TryAcquire("ada");
  ASSERT_TRUE(first && second);
  EXPECT_FALSE(quota.TryAcquire("ada"));
  EXPECT_TRUE(quota.TryAcquire("ben"));  // another key has places of its own
  EXPECT_EQ(quota.InUse("ada"), 2u);
  first.reset();
  EXPECT_EQ(quota.InUse("ada"), 1u);
  EXPECT_TRUE(quota.TryAcquire("ada"));
}

TEST(ConcurrencyQuota, MovedPermitsCountOnceAndMayOutliveTheQuota) {
  std::optional<ConcurrencyQuota::Permit> kept;
  {
    ConcurrencyQuota quota(1);
    auto permit = quota.TryAcquire("ada");
    ASSERT_TRUE(permit);
    ConcurrencyQuota::Permit moved = std::move(*permit);
    permit.reset();  // the moved-from permit gives nothing back
    EXPECT_EQ(quota.InUse("ada"), 1u);
    kept.emplace(std::move(moved));
  }
  kept.reset();  // no quota left to return to: nothing happens
}

TEST(ConcurrencyQuota, HoldsUnderConcurrentUse) {
  ConcurrencyQuota quota(3);
  std::vector<std::thread> threads;
  std::atomic<int> over{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto permit = quota.TryAcquire("shared");
        if (permit && quota.InUse("shared") > 3) ++over;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(over, 0);
  EXPECT_EQ(quota.InUse("shared"), 0u);
}

TEST(PendingResponse, WakesTheWaiterOnceAndHandsTheResponseOver) {
  PendingResponse pending;
  int wakes = 0;
  pending.OnComplete([&] { ++wakes; });
  EXPECT_FALSE(pending.Take());
  pending.Complete(Response::Json(200, "{}"));
  pending.Complete(Response::Json(500, "{}"));  // only the first counts
  EXPECT_EQ(wakes, 1);
  const auto response = pending.Take();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST(PendingResponse, AWaiterArrivingLateIsWokenAtOnceAndAForgottenOneNever) {
  PendingResponse done;
  done.Complete(Response::Json(200, "{}"));
  int wakes = 0;
  done.OnComplete([&] { ++wakes; });
  EXPECT_EQ(wakes, 1);

  PendingResponse abandoned;
  abandoned.OnComplete([&] { ++wakes; });
  abandoned.Forget();
  abandoned.Complete(Response::Json(200, "{}"));
  EXPECT_EQ(wakes, 1);
}

}  // namespace
}  // namespace http
