// The progress line of `backlog generate`.
#include "app/progress_line.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace app {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

nlohmann::json Progress(int done, int total) {
  return {{"done", done},
          {"total", total},
          {"steps",
           {{"epics", {{"done", 1}, {"total", 1}}},
            {"features", {{"done", 2}, {"total", 3}}},
            {"plan", {{"done", 0}, {"total", 0}}}}},
          {"needs_review", 2},
          {"eta_s", 72.4},
          {"usage", {{"cost_usd", 0.0312}}}};
}

TEST(ProgressLine, SaysStepsLevelsTimeLeftCostAndReviews) {
  const std::string line = ProgressLine(Progress(3, 12), 400, false);
  EXPECT_THAT(line, HasSubstr("3/12 steps (25%)"));
  EXPECT_THAT(line, HasSubstr("epics 1/1 features 2/3"));
  EXPECT_THAT(line, Not(HasSubstr("test plans")));  // a level with nothing to do is left out
  EXPECT_THAT(line, HasSubstr("~1m12s left"));
  EXPECT_THAT(line, HasSubstr("$0.03"));
  EXPECT_THAT(line, HasSubstr("2 to review"));
}

TEST(ProgressLine, TheBarFillsWithTheStepsDone) {
  EXPECT_THAT(ProgressLine(Progress(0, 10), 400, true), HasSubstr("[....................]"));
  EXPECT_THAT(ProgressLine(Progress(5, 10), 400, true), HasSubstr("[##########..........]"));
  EXPECT_THAT(ProgressLine(Progress(10, 10), 400, true), HasSubstr("[####################]"));
  EXPECT_THAT(ProgressLine(Progress(10, 10), 400, true), Not(HasSubstr("left")));
}

TEST(ProgressLine, FitsTheWidthWithoutSplittingACharacter) {
  for (std::size_t width = 1; width < 120; ++width) {
    const std::string line = ProgressLine(Progress(3, 12), width, true);
    EXPECT_LE(line.size(), width);
    // A cut inside "·" would leave a lone lead byte at the end.
    if (!line.empty()) {
      EXPECT_NE(static_cast<unsigned char>(line.back()), 0xC2) << width;
    }
  }
}

TEST(ProgressLine, ToleratesMissingFields) {
  EXPECT_EQ(ProgressLine(nlohmann::json::object(), 400, false), "0/0 steps");
}

TEST(ShortDuration, ReadsLikeAClock) {
  EXPECT_EQ(ShortDuration(45.2), "45s");
  EXPECT_EQ(ShortDuration(187), "3m07s");
  EXPECT_EQ(ShortDuration(3720), "1h02m");
  EXPECT_EQ(ShortDuration(-3), "0s");
}

}  // namespace
}  // namespace app
