// The quality gate of a generation step: failing items are regenerated alone (in parallel within
// a round), never made worse, and flagged when they still fail.
#include "pipeline/quality_gate.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

namespace pipeline {
namespace {

struct Item {
  std::string title;
  int score = 100;  // what the fake rules below give it
  backlog::Quality quality;
};

// Passes at 80 or more; below that, one error finding.
backlog::Quality Assess(const Item& item, std::size_t) {
  backlog::Quality quality;
  quality.score = item.score;
  if (item.score < 80) {
    quality.findings.push_back({"item.weak", item.title + " is weak", backlog::Severity::kError});
  }
  return quality;
}

TEST(EnsureQuality, FailingItemsOfARoundAreRegeneratedAtTheSameTime) {
  std::vector<Item> items = {{"a", 50, {}}, {"b", 100, {}}, {"c", 40, {}}, {"d", 60, {}}};
  std::mutex mutex;
  std::condition_variable all_in;
  int in_flight = 0;
  int most_in_flight = 0;
  bool together = false;  // all three calls were in flight at once
  std::vector<std::string> regenerated;
  const auto regenerate = [&](const Item& item, const std::string& findings) {
    std::unique_lock lock(mutex);
    regenerated.push_back(item.title);
    EXPECT_THAT(findings, ::testing::HasSubstr(item.title + " is weak"));
    most_in_flight = std::max(most_in_flight, ++in_flight);
    if (in_flight == 3) together = true;
    all_in.notify_all();
    // Waits for the other failing items' calls; one after the other, this would time out.
    all_in.wait_for(lock, std::chrono::seconds(5), [&] { return together; });
    --in_flight;
    return Item{item.title + "2", 90, {}};
  };
  std::atomic<bool> cancelled{false};
  EXPECT_EQ(EnsureQuality(items, Assess, regenerate, 3, cancelled), 0);
  EXPECT_EQ(most_in_flight, 3);
  EXPECT_THAT(regenerated, ::testing::UnorderedElementsAre("a", "c", "d"));
  EXPECT_EQ(items[0].title, "a2");
  EXPECT_EQ(items[1].title, "b");
  EXPECT_EQ(items[0].quality.attempts, 2);
  EXPECT_EQ(items[1].quality.attempts, 1);
  EXPECT_FALSE(items[2].quality.needs_review);
}

TEST(EnsureQuality, AnItemStillFailingIsKeptFlaggedAndNeverMadeWorse) {
  std::vector<Item> items = {{"stubborn", 60, {}}, {"fine", 95, {}}};
  int calls = 0;
  const auto regenerate = [&](const Item& item, const std::string&) {
    ++calls;
    return Item{item.title + "-worse", 30, {}};
  };
  std::atomic<bool> cancelled{false};
  EXPECT_EQ(EnsureQuality(items, Assess, regenerate, 3, cancelled), 1);
  EXPECT_EQ(calls, 2);  // three generations in all: the first and two regenerations
  EXPECT_EQ(items[0].title, "stubborn");
  EXPECT_EQ(items[0].quality.attempts, 3);
  EXPECT_TRUE(items[0].quality.needs_review);
  EXPECT_EQ(items[0].quality.score, 60);
  EXPECT_FALSE(items[1].quality.needs_review);
}

TEST(EnsureQuality, AFailedRegenerationKeepsTheItemAndACancelStopsTheStep) {
  std::vector<Item> items = {{"a", 50, {}}, {"b", 50, {}}};
  const auto flaky = [&](const Item& item, const std::string&) -> Item {
    if (item.title == "a") throw llm::LlmError(llm::LlmErrorKind::kUnavailable, "overloaded");
    return Item{"b2", 90, {}};
  };
  std::atomic<bool> cancelled{false};
  EXPECT_EQ(EnsureQuality(items, Assess, flaky, 3, cancelled), 1);
  EXPECT_EQ(items[0].title, "a");
  EXPECT_TRUE(items[0].quality.needs_review);
  EXPECT_EQ(items[1].title, "b2");

  std::vector<Item> more = {{"x", 50, {}}};
  const auto cancelling = [&](const Item&, const std::string&) -> Item {
    throw llm::LlmError(llm::LlmErrorKind::kCancelled, "the call was cancelled");
  };
  EXPECT_THROW(EnsureQuality(more, Assess, cancelling, 3, cancelled), llm::LlmError);
}

}  // namespace
}  // namespace pipeline
