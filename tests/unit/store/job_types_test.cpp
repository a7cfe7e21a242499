#include "store/job_types.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace store {
namespace {

// The names are what the database holds and the API shows: they must never change silently.
TEST(JobTypes, EachValueHasOneNameThatParsesBack) {
  for (const auto& [kind, name] :
       {std::pair{JobKind::kGenerate, "generate"}, std::pair{JobKind::kRegenerate, "regenerate"},
        std::pair{JobKind::kOptimizeVision, "optimize_vision"}}) {
    EXPECT_EQ(JobKindName(kind), name);
    EXPECT_EQ(ParseJobKind(name), kind);
  }
  for (const auto& [state, name] :
       {std::pair{JobState::kQueued, "queued"}, std::pair{JobState::kRunning, "running"},
        std::pair{JobState::kCompleted, "completed"},
        std::pair{JobState::kCompletedWithWarnings, "completed_with_warnings"},
        std::pair{JobState::kFailed, "failed"}, std::pair{JobState::kCancelled, "cancelled"}}) {
    EXPECT_EQ(JobStateName(state), name);
    EXPECT_EQ(ParseJobState(name), state);
  }
  EXPECT_FALSE(ParseJobKind("Generate"));
  EXPECT_FALSE(ParseJobState("done"));
}

TEST(JobTypes, InJsonTheyAreTheirNames) {
  const nlohmann::json job = {{"kind", JobKind::kPush},
                              {"state", JobState::kCompletedWithWarnings}};
  EXPECT_EQ(job.dump(), R"({"kind":"push","state":"completed_with_warnings"})");
}

TEST(JobTypes, OnlyQueuedAndRunningAreActive) {
  EXPECT_FALSE(IsFinal(JobState::kQueued));
  EXPECT_FALSE(IsFinal(JobState::kRunning));
  EXPECT_TRUE(IsFinal(JobState::kCompleted));
  EXPECT_TRUE(IsFinal(JobState::kCompletedWithWarnings));
  EXPECT_TRUE(IsFinal(JobState::kFailed));
  EXPECT_TRUE(IsFinal(JobState::kCancelled));
}

}  // namespace
}  // namespace store
