#include "json/bounded_parse.hpp"

#include <gtest/gtest.h>

#include <string>

namespace json {
namespace {

std::string Arrays(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

std::string Objects(int depth) {
  std::string text;
  for (int i = 0; i < depth; ++i) text += R"({"a":)";
  return text + "1" + std::string(depth, '}');
}

TEST(BoundedParse, ReadsOrdinaryDocuments) {
  const ParseResult result = ParseBounded(R"({"name": "Ada", "tags": ["a", {"b": [1, 2]}]})");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.value["tags"][1]["b"][1], 2);
  EXPECT_TRUE(ParseBounded("42").ok());
}

TEST(BoundedParse, AcceptsTheLimitAndRefusesOneLevelMore) {
  EXPECT_TRUE(ParseBounded(Arrays(kMaxDepth)).ok());
  EXPECT_TRUE(ParseBounded(Objects(kMaxDepth)).ok());
  EXPECT_EQ(ParseBounded(Arrays(kMaxDepth + 1)).failure, ParseFailure::kTooDeep);
  EXPECT_EQ(ParseBounded(Objects(kMaxDepth + 1)).failure, ParseFailure::kTooDeep);
  EXPECT_EQ(ParseBounded(Arrays(3), {.max_depth = 2}).failure, ParseFailure::kTooDeep);
}

// The parse stops at the first level too many: a megabyte of brackets, which would overflow the
// stack of any recursive walk, and which never closes, is refused as too deep, not as bad syntax.
TEST(BoundedParse, StopsAtTheLimitWithoutReadingFurther) {
  const ParseResult result = ParseBounded(std::string(1 << 20, '['));
  EXPECT_EQ(result.failure, ParseFailure::kTooDeep);
  EXPECT_TRUE(result.value.is_discarded());
  EXPECT_EQ(ParseBounded(Objects(150'000)).failure, ParseFailure::kTooDeep);
}

TEST(BoundedParse, ReportsSyntaxErrors) {
  EXPECT_EQ(ParseBounded("{").failure, ParseFailure::kSyntax);
  EXPECT_EQ(ParseBounded("").failure, ParseFailure::kSyntax);
  EXPECT_EQ(ParseBounded("[1] [2]").failure, ParseFailure::kSyntax);
}

TEST(BoundedParse, RefusesRepeatedKeysOnlyWhenAsked) {
  const std::string text = R"({"x": {"a": 1, "a": 2}, "y": {"a": 3}})";
  EXPECT_TRUE(ParseBounded(text).ok());
  EXPECT_EQ(ParseBounded(text, {.refuse_duplicate_keys = true}).failure,
            ParseFailure::kDuplicateKey);
  EXPECT_TRUE(
      ParseBounded(R"({"x": {"a": 1}, "y": {"a": 2}})", {.refuse_duplicate_keys = true}).ok());
}

TEST(BoundedParse, DescribesTheLimit) {
  EXPECT_EQ(Describe(ParseFailure::kTooDeep), "it nests deeper than 64 levels");
}

}  // namespace
}  // namespace json
