#include "llm/json_extraction.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>

namespace llm {
namespace {

using Json = nlohmann::json;

// The extracted value, or nullptr JSON when nothing was extracted, with its source.
struct Outcome {
  bool found = false;
  Json value;
  JsonSource source = JsonSource::kWhole;
};

Outcome Extract(std::string_view text) {
  const std::optional<ExtractedJson> extracted = ExtractJson(text);
  if (!extracted) return {};
  return {true, extracted->value, extracted->source};
}

std::string Nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonExtraction, WholeReply) {
  const Outcome outcome = Extract(R"({"title": "Login", "points": 3})");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"title": "Login", "points": 3})"));
  EXPECT_EQ(outcome.source, JsonSource::kWhole);
}

TEST(JsonExtraction, WholeReplyWithSurroundingWhitespace) {
  const Outcome outcome = Extract("\n\n  \t[1, 2, 3]\r\n  ");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse("[1, 2, 3]"));
  EXPECT_EQ(outcome.source, JsonSource::kWhole);
}

TEST(JsonExtraction, WholeReplyMayBeAScalar) {
  const Outcome outcome = Extract(" \"done\" ");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, "done");
  EXPECT_EQ(outcome.source, JsonSource::kWhole);
}

TEST(JsonExtraction, JsonFenceWithProseAround) {
  const Outcome outcome = Extract(
      "Sure! Here are the stories:\n\n```json\n{\"stories\": [{\"title\": \"A\"}]}\n```\n\n"
      "Let me know if you need {more} detail.");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"stories": [{"title": "A"}]})"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);
}

TEST(JsonExtraction, FenceTagIsCaseInsensitiveAndMayTouchTheJson) {
  Outcome outcome = Extract("Result:\n```JSON\n[1]\n```");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse("[1]"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);

  outcome = Extract("Result: ```json{\"a\": 1}``` done");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);
}

TEST(JsonExtraction, BareFence) {
  const Outcome outcome = Extract("Output:\n```\n{\"ok\": true}\n```\nThanks.");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"ok": true})"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);
}

TEST(JsonExtraction, FenceInAnotherLanguageIsSkipped) {
  const Outcome outcome =
      Extract("```python\nprint({'a': 1})\n```\nand the data:\n```json\n{\"b\": 2}\n```");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"b": 2})"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);
}

TEST(JsonExtraction, FirstFenceThatParsesWins) {
  const Outcome outcome = Extract(
      "```json\n{\"a\": 1,}\n```\nFixed:\n```json\n{\"a\": 2}\n```\n```json\n{\"a\": 3}\n```");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 2})"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);
}

TEST(JsonExtraction, FencedBlockIsPreferredOverAnEarlierSpan) {
  const Outcome outcome = Extract("Note [1]: see below.\n```json\n{\"a\": 1}\n```");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
  EXPECT_EQ(outcome.source, JsonSource::kFencedBlock);
}

TEST(JsonExtraction, ObjectEmbeddedInProse) {
  const Outcome outcome =
      Extract("Here is the JSON: {\"title\": \"Login\", \"tags\": [\"auth\"]} Hope this helps!");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"title": "Login", "tags": ["auth"]})"));
  EXPECT_EQ(outcome.source, JsonSource::kEmbedded);
}

TEST(JsonExtraction, BracesInsideStringsDoNotCount) {
  const Outcome outcome = Extract(R"(Result: {"a": "}{", "b": "[\"]"} end)");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": "}{", "b": "[\"]"})"));
  EXPECT_EQ(outcome.source, JsonSource::kEmbedded);
}

TEST(JsonExtraction, NestedObjects) {
  const Outcome outcome =
      Extract(R"(Done. {"epic": {"features": [{"title": "x", "meta": {"a": {}}}]}} -- bye)");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value,
            Json::parse(R"({"epic": {"features": [{"title": "x", "meta": {"a": {}}}]}})"));
  EXPECT_EQ(outcome.source, JsonSource::kEmbedded);
}

TEST(JsonExtraction, ProseBracesBeforeTheObjectAreSkipped) {
  const Outcome outcome = Extract(R"(Use {curly} braces [like this]: {"a": 1})");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
}

TEST(JsonExtraction, SpanNestedInProseBracketsIsFound) {
  const Outcome outcome = Extract(R"((see [the result {"a": 1}] above))");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
}

TEST(JsonExtraction, StrayQuoteInAnUnclosedBraceDoesNotHideTheObject) {
  const Outcome outcome = Extract(R"(The { he said "hi. Here: {"a": 1})");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
  EXPECT_EQ(outcome.source, JsonSource::kEmbedded);
}

TEST(JsonExtraction, TwoObjectsReturnsTheFirst) {
  const Outcome outcome = Extract(R"(First {"a": 1} and then {"b": 2}.)");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
}

TEST(JsonExtraction, AnEarlierArrayIsReturnedAsDocumented) {
  const Outcome outcome = Extract(R"(As noted in [1], the answer is {"a": 1}.)");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse("[1]"));
}

TEST(JsonExtraction, TrailingCommaIsNotRepaired) {
  EXPECT_FALSE(Extract(R"({"a": 1, "b": [1, 2,],})").found);
  EXPECT_FALSE(Extract("Here: ```json\n{\"a\": 1,}\n```").found);
}

TEST(JsonExtraction, MalformedOrUnbalancedRepliesGiveNothing) {
  EXPECT_FALSE(Extract("").found);
  EXPECT_FALSE(Extract("   \n ").found);
  EXPECT_FALSE(Extract("I could not produce the stories.").found);
  EXPECT_FALSE(Extract(R"(Here: {"title": "Login", "points": 3)").found);
  EXPECT_FALSE(Extract(R"({'title': 'single quotes'})").found);
  EXPECT_FALSE(Extract(R"({title: "unquoted key"})").found);
  EXPECT_FALSE(Extract(R"({"a": 1 // comment
})")
                   .found);
  EXPECT_FALSE(Extract(R"({"a": [1, 2}])").found);
  EXPECT_FALSE(Extract("```json\n{\"a\": \n```").found);
}

TEST(JsonExtraction, DuplicateKeysAreRefused) {
  EXPECT_FALSE(Extract(R"({"a": 1, "a": 2})").found);
  EXPECT_FALSE(Extract(R"({"x": {"a": 1, "a": 2}})").found);
  const Outcome outcome = Extract(R"({"x": {"a": 1}, "y": {"a": 2}})");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"x": {"a": 1}, "y": {"a": 2}})"));
}

TEST(JsonExtraction, NestingUpTo64LevelsIsAccepted) {
  const Outcome outcome = Extract(Nested(64));
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.source, JsonSource::kWhole);
}

TEST(JsonExtraction, NestingBeyond64LevelsGivesNothing) {
  EXPECT_FALSE(Extract(Nested(65)).found);
  EXPECT_FALSE(Extract("Here: " + Nested(300) + " done").found);
  EXPECT_FALSE(Extract("```json\n" + Nested(1000) + "\n```").found);
  EXPECT_FALSE(Extract(std::string(100'000, '[') + std::string(100'000, ']')).found);
  EXPECT_FALSE(Extract(std::string(100'000, '{')).found);
}

TEST(JsonExtraction, ObjectAfterADeepRegionIsFound) {
  const Outcome outcome = Extract(Nested(300) + R"( then {"a": 1})");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
}

TEST(JsonExtraction, ObjectAfterAMegabyteOfProseIsFound) {
  const Outcome outcome = Extract(std::string(1 << 20, 'x') + R"({"a": 1})");
  ASSERT_TRUE(outcome.found);
  EXPECT_EQ(outcome.value, Json::parse(R"({"a": 1})"));
  EXPECT_EQ(outcome.source, JsonSource::kEmbedded);
}

TEST(JsonExtraction, MegabyteOfBracketNoiseCompletes) {
  // Shapes that would be quadratic if every start position were scanned or parsed in full.
  EXPECT_FALSE(Extract(std::string(1 << 20, '[')).found);
  std::string mismatched;
  for (int i = 0; i < (1 << 19); ++i) mismatched += "{]";
  EXPECT_FALSE(Extract(mismatched).found);
  std::string unclosed;
  for (int i = 0; i < 200; ++i) unclosed += "{ \"";
  unclosed += std::string(1 << 20, 'x');
  EXPECT_FALSE(Extract(unclosed).found);
}

TEST(JsonExtraction, MegabyteOfRandomNoiseCompletes) {
  std::mt19937 random(20240601);  // fixed seed: the same text every run
  constexpr std::string_view kAlphabet = "{}[]\":,\\ a1`\n";
  std::string noise(1 << 20, ' ');
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  for (char& c : noise) c = kAlphabet[pick(random)];
  const Outcome outcome = Extract(noise);
  // Whatever it finds is a container span from the text; a scalar could only be the whole text.
  if (outcome.found) {
    EXPECT_EQ(outcome.source, JsonSource::kEmbedded);
    EXPECT_TRUE(outcome.value.is_object() || outcome.value.is_array());
  }
}

}  // namespace
}  // namespace llm
