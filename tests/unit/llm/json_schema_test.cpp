#include "llm/json_schema.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstddef>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace llm {

// Found by argument-dependent lookup, so it must sit in llm itself; static keeps it in this file.
static void PrintTo(const SchemaViolation& violation, std::ostream* os) {
  *os << violation.path << ": " << violation.message;
}

namespace {

using Json = nlohmann::json;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::StartsWith;

::testing::Matcher<const SchemaViolation&> Violation(
    const std::string& path, ::testing::Matcher<const std::string&> message) {
  return ::testing::AllOf(Field(&SchemaViolation::path, path),
                          Field(&SchemaViolation::message, message));
}

std::vector<SchemaViolation> Validate(const char* value, const char* schema) {
  return JsonSchema::Compile(Json::parse(schema)).Validate(Json::parse(value));
}

// The user-stories agent's schema, in the shape agents/strict_schema.hpp builds.
Json UserStoriesSchema() {
  return Json::parse(R"({
    "type": "object",
    "properties": {
      "stories": {
        "type": "array",
        "minItems": 1,
        "maxItems": 5,
        "items": {
          "type": "object",
          "description": "One user story.",
          "properties": {
            "title": {"type": "string", "description": "5 to 80 characters"},
            "user_story": {"type": "string"},
            "acceptance_criteria": {
              "type": "array",
              "minItems": 3,
              "maxItems": 7,
              "items": {"type": "string"}
            },
            "story_points": {"type": "integer", "enum": [1, 2, 3, 5, 8, 13]},
            "priority": {"type": "string", "enum": ["High", "Medium", "Low"]},
            "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            "blocked": {"type": "boolean"}
          },
          "required": ["title", "user_story", "acceptance_criteria", "story_points", "priority",
                       "confidence", "blocked"],
          "additionalProperties": false
        }
      }
    },
    "required": ["stories"],
    "additionalProperties": false
  })");
}

Json ValidStory() {
  return Json::parse(R"({
    "title": "Reset password",
    "user_story": "As a user, I want to reset my password so that I can log in again",
    "acceptance_criteria": ["A link is emailed", "The link expires", "Old sessions end"],
    "story_points": 3,
    "priority": "High",
    "confidence": 0.5,
    "blocked": false
  })");
}

// --- type ---

TEST(JsonSchemaType, AcceptsMatchingTypes) {
  EXPECT_THAT(Validate(R"("x")", R"({"type": "string"})"), IsEmpty());
  EXPECT_THAT(Validate("true", R"({"type": "boolean"})"), IsEmpty());
  EXPECT_THAT(Validate("{}", R"({"type": "object", "properties": {}})"), IsEmpty());
  EXPECT_THAT(Validate("[]", R"({"type": "array", "items": {"type": "string"}})"), IsEmpty());
}

TEST(JsonSchemaType, ReportsTheExpectedAndActualType) {
  EXPECT_THAT(Validate(R"("3")", R"({"type": "integer"})"),
              ElementsAre(Violation("$", "expected type integer, got string")));
  EXPECT_THAT(Validate("[]", R"({"type": "object", "properties": {}})"),
              ElementsAre(Violation("$", "expected type object, got array")));
  EXPECT_THAT(Validate("1", R"({"type": "boolean"})"),
              ElementsAre(Violation("$", "expected type boolean, got integer")));
  EXPECT_THAT(Validate("null", R"({"type": "string"})"),
              ElementsAre(Violation("$", "expected type string, got null")));
}

TEST(JsonSchemaType, IntegerAcceptsWholeNumbersOnly) {
  EXPECT_THAT(Validate("3", R"({"type": "integer"})"), IsEmpty());
  EXPECT_THAT(Validate("-3", R"({"type": "integer"})"), IsEmpty());
  EXPECT_THAT(Validate("18446744073709551615", R"({"type": "integer"})"), IsEmpty());
  // Draft 2020-12: a number with a zero fractional part is an integer.
  EXPECT_THAT(Validate("3.0", R"({"type": "integer"})"), IsEmpty());
  EXPECT_THAT(Validate("3.5", R"({"type": "integer"})"),
              ElementsAre(Violation("$", "expected type integer, got number")));
  EXPECT_THAT(Validate("true", R"({"type": "integer"})"),
              ElementsAre(Violation("$", "expected type integer, got boolean")));
}

TEST(JsonSchemaType, NumberAcceptsIntegersToo) {
  EXPECT_THAT(Validate("3", R"({"type": "number"})"), IsEmpty());
  EXPECT_THAT(Validate("3.25", R"({"type": "number"})"), IsEmpty());
  EXPECT_THAT(Validate(R"("3.25")", R"({"type": "number"})"),
              ElementsAre(Violation("$", "expected type number, got string")));
}

// --- objects ---

TEST(JsonSchemaObject, ReportsEachMissingRequiredProperty) {
  const char* schema = R"({"type": "object", "required": ["title", "user_story", "points"],
                           "properties": {"title": {"type": "string"},
                                          "user_story": {"type": "string"},
                                          "points": {"type": "integer"}}})";
  EXPECT_THAT(Validate(R"({"title": "x"})", schema),
              ElementsAre(Violation("$", R"(missing required property "user_story")"),
                          Violation("$", R"(missing required property "points")")));
}

TEST(JsonSchemaObject, ValidatesPropertiesAtTheirPath) {
  const char* schema = R"({"type": "object", "properties": {"title": {"type": "string"},
                                                            "size": {"type": "integer"}}})";
  EXPECT_THAT(Validate(R"({"title": "x", "size": 2, "other": 1})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"title": 1, "size": "2"})", schema),
              ElementsAre(Violation("$.size", "expected type integer, got string"),
                          Violation("$.title", "expected type string, got integer")));
}

TEST(JsonSchemaObject, QuotesPropertyNamesThatAreNotIdentifiers) {
  EXPECT_THAT(
      Validate(R"({"story points": "x"})",
               R"({"type": "object", "properties": {"story points": {"type": "integer"}}})"),
      ElementsAre(Violation(R"($["story points"])", "expected type integer, got string")));
}

TEST(JsonSchemaObject, AdditionalPropertiesFalseNamesTheProperty) {
  const char* schema = R"({"type": "object", "properties": {"title": {"type": "string"}},
                           "additionalProperties": false})";
  EXPECT_THAT(Validate(R"({"title": "x"})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"title": "x", "foo": 1})", schema),
              ElementsAre(Violation("$", R"(additional property "foo" is not allowed)")));
}

// --- arrays ---

TEST(JsonSchemaArray, MinAndMaxItems) {
  const char* schema =
      R"({"type": "array", "items": {"type": "integer"}, "minItems": 3, "maxItems": 4})";
  EXPECT_THAT(Validate("[1, 2, 3]", schema), IsEmpty());
  EXPECT_THAT(Validate("[1, 2, 3, 4]", schema), IsEmpty());
  EXPECT_THAT(Validate("[1]", schema),
              ElementsAre(Violation("$", "expected at least 3 items, got 1")));
  EXPECT_THAT(Validate("[1, 2, 3, 4, 5]", schema),
              ElementsAre(Violation("$", "expected at most 4 items, got 5")));
}

TEST(JsonSchemaArray, ItemsReportsTheIndex) {
  EXPECT_THAT(
      Validate(R"(["a", "b", 3, "d", 5])", R"({"type": "array", "items": {"type": "string"}})"),
      ElementsAre(Violation("$[2]", "expected type string, got integer"),
                  Violation("$[4]", "expected type string, got integer")));
}

TEST(JsonSchemaArray, NestedArraysOfObjectsReportFullPaths) {
  const Json schema = Json::parse(R"({
    "type": "object",
    "properties": {"epics": {"type": "array", "items": {
      "type": "object",
      "properties": {"features": {"type": "array", "items": {
        "type": "object",
        "properties": {"title": {"type": "string"}},
        "required": ["title"]}}}}}}
  })");
  const Json value = Json::parse(R"({"epics": [
    {"features": [{"title": "ok"}]},
    {"features": [{"title": 7}, {"name": "no title"}]}
  ]})");
  EXPECT_THAT(
      JsonSchema::Compile(schema).Validate(value),
      ElementsAre(Violation("$.epics[1].features[0].title", "expected type string, got integer"),
                  Violation("$.epics[1].features[1]", R"(missing required property "title")")));
}

// --- enum ---

TEST(JsonSchemaEnum, ListsTheAllowedValues) {
  const char* schema = R"({"type": "string", "enum": ["High", "Medium", "Low"]})";
  EXPECT_THAT(Validate(R"("Medium")", schema), IsEmpty());
  EXPECT_THAT(
      Validate(R"("urgent")", schema),
      ElementsAre(Violation("$", R"(value "urgent" is not one of ["High","Medium","Low"])")));
  EXPECT_THAT(Validate(R"("high")", schema), SizeIs(1));
}

TEST(JsonSchemaEnum, NumbersCompareByValue) {
  const char* schema = R"({"type": "integer", "enum": [1, 2, 3, 5, 8, 13]})";
  EXPECT_THAT(Validate("5", schema), IsEmpty());
  EXPECT_THAT(Validate("5.0", schema), IsEmpty());
  EXPECT_THAT(Validate("4", schema),
              ElementsAre(Violation("$", "value 4 is not one of [1,2,3,5,8,13]")));
  EXPECT_THAT(Validate(R"("5")", schema), SizeIs(1));
}

TEST(JsonSchemaMessages, LongValuesAreCutInMessages) {
  const std::string long_text(1000, 'x');
  const auto violations =
      JsonSchema::Compile(Json::parse(R"({"type": "string", "enum": ["a"]})")).Validate(long_text);
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_LT(violations[0].message.size(), 200u);
  EXPECT_THAT(violations[0].message, StartsWith("value \"xxx"));
  EXPECT_THAT(violations[0].message, HasSubstr("... is not one of [\"a\"]"));
}

// --- numbers ---

TEST(JsonSchemaNumber, MinimumAndMaximumAreInclusive) {
  const char* schema = R"({"type": "integer", "minimum": 1, "maximum": 13})";
  EXPECT_THAT(Validate("1", schema), IsEmpty());
  EXPECT_THAT(Validate("13", schema), IsEmpty());
  EXPECT_THAT(Validate("0", schema),
              ElementsAre(Violation("$", "value 0 is less than the minimum 1")));
  EXPECT_THAT(Validate("14", schema),
              ElementsAre(Violation("$", "value 14 is greater than the maximum 13")));
  EXPECT_THAT(Validate("0.25", R"({"type": "number", "minimum": 0.5, "maximum": 16})"),
              ElementsAre(Violation("$", "value 0.25 is less than the minimum 0.5")));
}

TEST(JsonSchemaNumber, LargeIntegersCompareExactly) {
  EXPECT_THAT(Validate("18446744073709551615", R"({"type": "integer", "minimum": -1})"), IsEmpty());
  EXPECT_THAT(Validate("-9223372036854775808", R"({"type": "integer", "maximum": 0})"), IsEmpty());
}

// --- limits ---

TEST(JsonSchemaLimits, MaxViolationsIsHonoured) {
  const JsonSchema schema =
      JsonSchema::Compile(Json::parse(R"({"type": "array", "items": {"type": "string"}})"));
  const Json value = Json::parse("[1, 2, 3, 4, 5, 6]");
  EXPECT_THAT(schema.Validate(value), SizeIs(6));
  EXPECT_THAT(schema.Validate(value, 2),
              ElementsAre(Violation("$[0]", "expected type string, got integer"),
                          Violation("$[1]", "expected type string, got integer")));
  EXPECT_THAT(schema.Validate(value, 0), SizeIs(1));
}

// --- a realistic agent schema ---

TEST(JsonSchemaUserStories, AcceptsAValidReply) {
  const Json reply = {{"stories", Json::array({ValidStory(), ValidStory()})}};
  EXPECT_THAT(JsonSchema::Compile(UserStoriesSchema()).Validate(reply), IsEmpty());
}

TEST(JsonSchemaUserStories, ReportsEveryProblemWithItsPath) {
  Json second = ValidStory();
  second["acceptance_criteria"] = {"Only one"};
  second["story_points"] = 4;
  second["priority"] = "urgent";
  second["confidence"] = 2;
  second.erase("title");
  second["estimate"] = "2d";
  const Json reply = {{"stories", Json::array({ValidStory(), second})}};
  EXPECT_THAT(
      JsonSchema::Compile(UserStoriesSchema()).Validate(reply),
      ElementsAre(Violation("$.stories[1]", R"(missing required property "title")"),
                  Violation("$.stories[1].acceptance_criteria", "expected at least 3 items, got 1"),
                  Violation("$.stories[1].confidence", "value 2 is greater than the maximum 1"),
                  Violation("$.stories[1].priority",
                            R"(value "urgent" is not one of ["High","Medium","Low"])"),
                  Violation("$.stories[1].story_points", "value 4 is not one of [1,2,3,5,8,13]"),
                  Violation("$.stories[1]", R"(additional property "estimate" is not allowed)")));
}

TEST(JsonSchemaDescribe, OneLinePerViolation) {
  EXPECT_EQ(
      DescribeViolations({{"$.stories[2].acceptance_criteria", "expected at least 3 items, got 1"},
                          {"$", R"(missing required property "title")"}}),
      "$.stories[2].acceptance_criteria: expected at least 3 items, got 1\n"
      "$: missing required property \"title\"");
  EXPECT_EQ(DescribeViolations({}), "");
}

// --- what Compile refuses ---

TEST(JsonSchemaCompile, RefusesKeywordsNoAgentUses) {
  // A validator that skipped these would pass replies unchecked.
  for (const char* schema : {
           R"({"type": "string", "pattern": "^a"})",
           R"({"type": "string", "minLength": 1})",
           R"({"type": "string", "maxLength": 9})",
           R"({"type": "string", "format": "email"})",
           R"({"type": "string", "const": "a"})",
           R"({"type": "number", "exclusiveMinimum": 0})",
           R"({"type": "number", "multipleOf": 0.5})",
           R"({"type": "array", "items": {"type": "string"}, "uniqueItems": true})",
           R"({"type": "object", "properties": {}, "patternProperties": {"^x": {}}})",
           R"({"type": "object", "properties": {}, "$defs": {}})",
           R"({"$ref": "#/$defs/a"})",
           R"({"anyOf": [{"type": "string"}]})",
           R"({"type": "string", "title": "A title"})",
           R"({"type": "array", "items": {"type": "string"}, "minitems": 1})",
       }) {
    EXPECT_THROW(JsonSchema::Compile(Json::parse(schema)), std::invalid_argument) << schema;
  }
}

TEST(JsonSchemaCompile, RefusesMalformedOrMisplacedKeywords) {
  for (const char* schema : {
           R"({"description": "no type"})",
           R"({"type": ["string", "null"]})",
           R"({"type": "null"})",
           R"({"type": "int"})",
           R"({"type": "object"})",
           R"({"type": "object", "properties": [], "required": []})",
           R"({"type": "object", "properties": {}, "required": "title"})",
           R"({"type": "object", "properties": {}, "required": ["title"]})",
           R"({"type": "object", "properties": {}, "additionalProperties": true})",
           R"({"type": "object", "properties": {}, "additionalProperties": {"type": "string"}})",
           R"({"type": "array"})",
           R"({"type": "array", "items": [{"type": "string"}]})",
           R"({"type": "array", "items": {"type": "string"}, "minItems": -1})",
           R"({"type": "array", "items": {"type": "string"}, "maxItems": 2.5})",
           R"({"type": "string", "enum": []})",
           R"({"type": "string", "enum": ["a", 1]})",
           R"({"type": "integer", "enum": ["1"]})",
           R"({"type": "integer", "minimum": "1"})",
           R"({"type": "string", "minItems": 1})",
           R"({"type": "boolean", "enum": [true]})",
           R"({"type": "string", "description": 7})",
           R"([])",
           R"(true)",
       }) {
    EXPECT_THROW(JsonSchema::Compile(Json::parse(schema)), std::invalid_argument) << schema;
  }
}

TEST(JsonSchemaCompile, MessageNamesTheLocation) {
  try {
    JsonSchema::Compile(Json::parse(R"({"type": "object", "properties": {"tags": {
        "type": "array", "items": {"type": "string", "pattern": "^#"}}}})"));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "unsupported JSON schema at #/properties/tags/items: keyword \"pattern\" is not "
                 "supported on a string");
  }
}

TEST(JsonSchemaCompile, PropertyNamesAreNotKeywords) {
  EXPECT_NO_THROW(JsonSchema::Compile(Json::parse(
      R"({"type": "object", "properties": {"pattern": {"type": "string"},
                                           "type": {"type": "string"}}})")));
}

}  // namespace
}  // namespace llm
