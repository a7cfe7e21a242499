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
  return ValidateJson(Json::parse(value), Json::parse(schema));
}

// The user-stories agent's schema, as an agent would declare it.
Json UserStoriesSchema() {
  return Json::parse(R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "User stories",
    "type": "object",
    "properties": {
      "stories": {
        "type": "array",
        "minItems": 1,
        "items": {"$ref": "#/$defs/story"}
      }
    },
    "required": ["stories"],
    "additionalProperties": false,
    "$defs": {
      "story": {
        "type": "object",
        "description": "One user story.",
        "properties": {
          "title": {"type": "string", "minLength": 1, "maxLength": 120},
          "user_story": {"type": "string", "pattern": "^As an? .+, I want .+ so that .+$"},
          "acceptance_criteria": {
            "type": "array",
            "minItems": 3,
            "maxItems": 7,
            "items": {"type": "string", "minLength": 1}
          },
          "story_points": {"type": "integer", "enum": [1, 2, 3, 5, 8, 13]},
          "priority": {"type": "string", "enum": ["High", "Medium", "Low"]},
          "notes": {"type": ["string", "null"]}
        },
        "required": ["title", "user_story", "acceptance_criteria", "story_points", "priority"],
        "additionalProperties": false
      }
    }
  })");
}

Json ValidStory() {
  return Json::parse(R"({
    "title": "Reset password",
    "user_story": "As a user, I want to reset my password so that I can log in again",
    "acceptance_criteria": ["A link is emailed", "The link expires", "Old sessions end"],
    "story_points": 3,
    "priority": "High",
    "notes": null
  })");
}

// --- type ---

TEST(JsonSchemaType, AcceptsMatchingTypes) {
  EXPECT_THAT(Validate(R"("x")", R"({"type": "string"})"), IsEmpty());
  EXPECT_THAT(Validate("null", R"({"type": "null"})"), IsEmpty());
  EXPECT_THAT(Validate("true", R"({"type": "boolean"})"), IsEmpty());
  EXPECT_THAT(Validate("{}", R"({"type": "object"})"), IsEmpty());
  EXPECT_THAT(Validate("[]", R"({"type": "array"})"), IsEmpty());
  EXPECT_THAT(Validate("null", R"({"type": ["string", "null"]})"), IsEmpty());
}

TEST(JsonSchemaType, ReportsTheExpectedAndActualType) {
  EXPECT_THAT(Validate(R"("3")", R"({"type": "integer"})"),
              ElementsAre(Violation("$", "expected type integer, got string")));
  EXPECT_THAT(Validate("[]", R"({"type": "object"})"),
              ElementsAre(Violation("$", "expected type object, got array")));
  EXPECT_THAT(Validate("1", R"({"type": "boolean"})"),
              ElementsAre(Violation("$", "expected type boolean, got integer")));
  EXPECT_THAT(Validate("0", R"({"type": "null"})"),
              ElementsAre(Violation("$", "expected type null, got integer")));
  EXPECT_THAT(Validate("5", R"({"type": ["string", "array", "null"]})"),
              ElementsAre(Violation("$", "expected type string, array or null, got integer")));
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
  EXPECT_THAT(Validate(R"({"title": "x"})", R"({"required": ["title", "user_story", "points"]})"),
              ElementsAre(Violation("$", R"(missing required property "user_story")"),
                          Violation("$", R"(missing required property "points")")));
  EXPECT_THAT(Validate(R"({"title": null})", R"({"required": ["title"]})"), IsEmpty());
}

TEST(JsonSchemaObject, ValidatesPropertiesAtTheirPath) {
  const char* schema =
      R"({"properties": {"title": {"type": "string"}, "size": {"type": "integer"}}})";
  EXPECT_THAT(Validate(R"({"title": "x", "size": 2, "other": 1})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"title": 1, "size": "2"})", schema),
              ElementsAre(Violation("$.size", "expected type integer, got string"),
                          Violation("$.title", "expected type string, got integer")));
}

TEST(JsonSchemaObject, QuotesPropertyNamesThatAreNotIdentifiers) {
  EXPECT_THAT(Validate(R"({"story points": "x"})",
                       R"({"properties": {"story points": {"type": "integer"}}})"),
              ElementsAre(Violation(R"($["story points"])", "expected type integer, got string")));
}

TEST(JsonSchemaObject, AdditionalPropertiesFalseNamesTheProperty) {
  const char* schema = R"({"properties": {"title": {}}, "additionalProperties": false})";
  EXPECT_THAT(Validate(R"({"title": "x"})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"title": "x", "foo": 1})", schema),
              ElementsAre(Violation("$", R"(additional property "foo" is not allowed)")));
}

TEST(JsonSchemaObject, AdditionalPropertiesSchemaAppliesToTheOthers) {
  const char* schema = R"({"properties": {"id": {"type": "string"}},
                           "additionalProperties": {"type": "integer"}})";
  EXPECT_THAT(Validate(R"({"id": "a", "x": 1, "y": 2})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"id": "a", "x": 1, "y": "2"})", schema),
              ElementsAre(Violation("$.y", "expected type integer, got string")));
}

TEST(JsonSchemaObject, FalsePropertySchemaForbidsTheProperty) {
  EXPECT_THAT(Validate(R"({"id": 1})", R"({"properties": {"id": false}})"),
              ElementsAre(Violation("$", R"(property "id" is not allowed)")));
}

// --- arrays ---

TEST(JsonSchemaArray, MinAndMaxItems) {
  const char* schema = R"({"minItems": 3, "maxItems": 4})";
  EXPECT_THAT(Validate("[1, 2, 3]", schema), IsEmpty());
  EXPECT_THAT(Validate("[1, 2, 3, 4]", schema), IsEmpty());
  EXPECT_THAT(Validate("[1]", schema),
              ElementsAre(Violation("$", "expected at least 3 items, got 1")));
  EXPECT_THAT(Validate("[1, 2, 3, 4, 5]", schema),
              ElementsAre(Violation("$", "expected at most 4 items, got 5")));
}

TEST(JsonSchemaArray, UniqueItemsComparesNumbersByValue) {
  const char* schema = R"({"uniqueItems": true})";
  EXPECT_THAT(Validate(R"([1, "1", [1], {"a": 1}, 2])", schema), IsEmpty());
  EXPECT_THAT(Validate("[1, 2, 1.0]", schema),
              ElementsAre(Violation("$", "items [0] and [2] are equal, but items must be unique")));
  EXPECT_THAT(Validate(R"([{"a": [1, 2]}, {"a": [1, 2]}])", schema),
              ElementsAre(Violation("$", "items [0] and [1] are equal, but items must be unique")));
  EXPECT_THAT(Validate("[1, 1]", R"({"uniqueItems": false})"), IsEmpty());
  // Equal after a cast to int64 in nlohmann's own comparison, but not equal numbers.
  EXPECT_THAT(Validate("[-1, 18446744073709551615]", schema), IsEmpty());
}

TEST(JsonSchemaArray, ItemsReportsTheIndex) {
  EXPECT_THAT(Validate(R"(["a", "b", 3, "d", 5])", R"({"items": {"type": "string"}})"),
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
      ValidateJson(value, schema),
      ElementsAre(Violation("$.epics[1].features[0].title", "expected type string, got integer"),
                  Violation("$.epics[1].features[1]", R"(missing required property "title")")));
}

// --- enum and const ---

TEST(JsonSchemaEnum, ListsTheAllowedValues) {
  const char* schema = R"({"enum": ["High", "Medium", "Low"]})";
  EXPECT_THAT(Validate(R"("Medium")", schema), IsEmpty());
  EXPECT_THAT(
      Validate(R"("urgent")", schema),
      ElementsAre(Violation("$", R"(value "urgent" is not one of ["High","Medium","Low"])")));
  EXPECT_THAT(Validate(R"("high")", schema), SizeIs(1));
}

TEST(JsonSchemaEnum, NumbersCompareByValue) {
  const char* schema = R"({"enum": [1, 2, 3, 5, 8, 13]})";
  EXPECT_THAT(Validate("5", schema), IsEmpty());
  EXPECT_THAT(Validate("5.0", schema), IsEmpty());
  EXPECT_THAT(Validate("4", schema),
              ElementsAre(Violation("$", "value 4 is not one of [1,2,3,5,8,13]")));
  EXPECT_THAT(Validate(R"("5")", schema), SizeIs(1));
  EXPECT_THAT(Validate("true", R"({"enum": [1]})"), SizeIs(1));
}

TEST(JsonSchemaConst, RequiresTheExactValue) {
  EXPECT_THAT(Validate(R"({"kind": "story"})", R"({"const": {"kind": "story"}})"), IsEmpty());
  EXPECT_THAT(Validate(R"("epic")", R"({"const": "story"})"),
              ElementsAre(Violation("$", R"(value "epic" is not the constant "story")")));
}

TEST(JsonSchemaMessages, LongValuesAreCutInMessages) {
  const std::string long_text(1000, 'x');
  const auto violations = ValidateJson(Json(long_text), Json::parse(R"({"enum": ["a"]})"));
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_LT(violations[0].message.size(), 200u);
  EXPECT_THAT(violations[0].message, StartsWith("value \"xxx"));
  EXPECT_THAT(violations[0].message, HasSubstr("... is not one of [\"a\"]"));
}

// --- numbers ---

TEST(JsonSchemaNumber, MinimumAndMaximumAreInclusive) {
  const char* schema = R"({"minimum": 1, "maximum": 13})";
  EXPECT_THAT(Validate("1", schema), IsEmpty());
  EXPECT_THAT(Validate("13", schema), IsEmpty());
  EXPECT_THAT(Validate("0", schema),
              ElementsAre(Violation("$", "value 0 is less than the minimum 1")));
  EXPECT_THAT(Validate("13.5", schema),
              ElementsAre(Violation("$", "value 13.5 is greater than the maximum 13")));
  EXPECT_THAT(Validate("-5", R"({"minimum": 18446744073709551615})"), SizeIs(1));
}

TEST(JsonSchemaNumber, ExclusiveBoundsRefuseTheBoundItself) {
  const char* schema = R"({"exclusiveMinimum": 0, "exclusiveMaximum": 1})";
  EXPECT_THAT(Validate("0.5", schema), IsEmpty());
  EXPECT_THAT(Validate("0", schema),
              ElementsAre(Violation("$", "value 0 is not greater than the exclusive minimum 0")));
  EXPECT_THAT(Validate("1", schema),
              ElementsAre(Violation("$", "value 1 is not less than the exclusive maximum 1")));
}

TEST(JsonSchemaNumber, MultipleOf) {
  EXPECT_THAT(Validate("15", R"({"multipleOf": 5})"), IsEmpty());
  EXPECT_THAT(Validate("-15", R"({"multipleOf": 5})"), IsEmpty());
  EXPECT_THAT(Validate("0.3", R"({"multipleOf": 0.1})"), IsEmpty());
  EXPECT_THAT(Validate("2.5", R"({"multipleOf": 0.5})"), IsEmpty());
  EXPECT_THAT(Validate("7", R"({"multipleOf": 5})"),
              ElementsAre(Violation("$", "value 7 is not a multiple of 5")));
  EXPECT_THAT(Validate("0.35", R"({"multipleOf": 0.1})"), SizeIs(1));
}

TEST(JsonSchemaNumber, NumericKeywordsIgnoreOtherTypes) {
  EXPECT_THAT(Validate(R"("0")", R"({"minimum": 1, "multipleOf": 7})"), IsEmpty());
}

// --- strings ---

TEST(JsonSchemaString, LengthCountsCodePointsNotBytes) {
  EXPECT_THAT(Validate(R"("ééé")", R"({"minLength": 3, "maxLength": 3})"), IsEmpty());
  EXPECT_THAT(Validate(R"("😀😀")", R"({"maxLength": 2})"), IsEmpty());
  EXPECT_THAT(Validate(R"("éé")", R"({"minLength": 3})"),
              ElementsAre(Violation("$", "expected at least 3 characters, got 2")));
  EXPECT_THAT(Validate(R"("éééé")", R"({"maxLength": 3})"),
              ElementsAre(Violation("$", "expected at most 3 characters, got 4")));
}

TEST(JsonSchemaString, PatternIsSearchedNotAnchored) {
  EXPECT_THAT(Validate(R"("story ABC-12 done")", R"({"pattern": "[A-Z]+-[0-9]+"})"), IsEmpty());
  EXPECT_THAT(Validate(R"("ABC-12")", R"({"pattern": "^[A-Z]+-[0-9]+$"})"), IsEmpty());
  EXPECT_THAT(Validate(R"("story ABC-12")", R"({"pattern": "^[A-Z]+-[0-9]+$"})"),
              ElementsAre(Violation(
                  "$", R"(string "story ABC-12" does not match the pattern "^[A-Z]+-[0-9]+$")")));
}

TEST(JsonSchemaString, PatternMatchesCodePoints) {
  EXPECT_THAT(Validate(R"("ééé")", R"({"pattern": "^.{3}$"})"), IsEmpty());
  EXPECT_THAT(Validate(R"("café")", R"({"pattern": "^caf[éè]$"})"), IsEmpty());
}

TEST(JsonSchemaString, VeryLongStringsUnderAPatternAreReportedNotMatched) {
  const auto violations =
      ValidateJson(Json(std::string(5000, 'a')), Json::parse(R"({"pattern": "^a+$"})"));
  EXPECT_THAT(violations,
              ElementsAre(Violation("$",
                                    "string of 5000 characters is too long to check against "
                                    "the pattern \"^a+$\" (limit 1024)")));
  EXPECT_THAT(ValidateJson(Json(std::string(1024, 'a')), Json::parse(R"({"pattern": "^a+$"})")),
              IsEmpty());
}

// --- $ref ---

TEST(JsonSchemaRef, ResolvesDefsAndDefinitions) {
  const char* schema = R"({
    "type": "object",
    "properties": {"a": {"$ref": "#/$defs/points"}, "b": {"$ref": "#/definitions/name"}},
    "$defs": {"points": {"enum": [1, 2, 3]}},
    "definitions": {"name": {"type": "string"}}
  })";
  EXPECT_THAT(Validate(R"({"a": 2, "b": "x"})", schema), IsEmpty());
  EXPECT_THAT(Validate(R"({"a": 4, "b": 1})", schema),
              ElementsAre(Violation("$.a", "value 4 is not one of [1,2,3]"),
                          Violation("$.b", "expected type string, got integer")));
}

TEST(JsonSchemaRef, AppliesAlongsideSiblingKeywords) {
  const char* schema =
      R"({"$ref": "#/$defs/text", "maxLength": 2, "$defs": {"text": {"type": "string"}}})";
  EXPECT_THAT(Validate(R"("abc")", schema),
              ElementsAre(Violation("$", "expected at most 2 characters, got 3")));
}

TEST(JsonSchemaRef, RootReferenceValidatesATree) {
  const char* schema = R"({
    "type": "object",
    "properties": {"name": {"type": "string"},
                   "children": {"type": "array", "items": {"$ref": "#"}}},
    "required": ["name"]
  })";
  EXPECT_THAT(Validate(R"({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]})",
                       schema),
              IsEmpty());
  EXPECT_THAT(
      Validate(R"({"name": "a", "children": [{"name": "b", "children": [{"id": 1}]}]})", schema),
      ElementsAre(Violation("$.children[0].children[0]", R"(missing required property "name")")));
}

TEST(JsonSchemaRef, ReferenceCycleEndsInAViolation) {
  const char* schema =
      R"({"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}})";
  const auto violations = Validate("1", schema);
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_EQ(violations[0].path, "$");
  EXPECT_THAT(violations[0].message, HasSubstr("reference cycle"));
}

TEST(JsonSchemaRef, BranchingReferenceCycleEndsInAViolation) {
  // Without cycle detection each level would double the work.
  const char* schema = R"({"anyOf": [{"$ref": "#"}, {"$ref": "#"}]})";
  EXPECT_THAT(Validate("1", schema), SizeIs(1));
}

TEST(JsonSchemaRef, UnresolvableReferenceIsReportedNotIgnored) {
  EXPECT_THAT(
      Validate("1", R"({"$ref": "#/$defs/missing"})"),
      ElementsAre(Violation("$", R"(schema error: cannot resolve $ref "#/$defs/missing")")));
  EXPECT_THAT(Validate("1", R"({"$ref": "https://example.com/schema.json"})"), SizeIs(1));
}

// --- combinators ---

TEST(JsonSchemaCombinators, AnyOfNeedsOneMatch) {
  const char* schema = R"({"anyOf": [{"type": "string"}, {"type": "null"}]})";
  EXPECT_THAT(Validate(R"("x")", schema), IsEmpty());
  EXPECT_THAT(Validate("null", schema), IsEmpty());
  EXPECT_THAT(Validate("1", schema),
              ElementsAre(Violation("$",
                                    "matches none of the anyOf alternatives ([0] expected type "
                                    "string, got integer; [1] expected type null, got integer)")));
}

TEST(JsonSchemaCombinators, AlternativeProblemsNameNestedPaths) {
  const char* schema =
      R"({"anyOf": [{"properties": {"a": {"type": "string"}}}, {"type": "string"}]})";
  EXPECT_THAT(Validate(R"({"a": 1})", schema),
              ElementsAre(Violation("$",
                                    "matches none of the anyOf alternatives ([0] at $.a: expected "
                                    "type string, got integer; [1] expected type string, got "
                                    "object)")));
}

TEST(JsonSchemaCombinators, OneOfNeedsExactlyOneMatch) {
  const char* schema =
      R"({"oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]})";
  EXPECT_THAT(Validate("1.5", schema), IsEmpty());
  EXPECT_THAT(Validate(R"("x")", schema), IsEmpty());
  EXPECT_THAT(
      Validate("2", schema),
      ElementsAre(Violation("$",
                            "matches more than one of the oneOf alternatives ([0] and [1]); "
                            "exactly one must match")));
  EXPECT_THAT(Validate("null", schema),
              ElementsAre(Violation("$", StartsWith("matches none of the oneOf alternatives ("))));
}

TEST(JsonSchemaCombinators, AllOfReportsEveryBranch) {
  const char* schema = R"({"allOf": [{"type": "string"}, {"minLength": 2}, {"maxLength": 3}]})";
  EXPECT_THAT(Validate(R"("ab")", schema), IsEmpty());
  EXPECT_THAT(Validate(R"("abcd")", schema),
              ElementsAre(Violation("$", "expected at most 3 characters, got 4")));
  EXPECT_THAT(Validate("1", schema),
              ElementsAre(Violation("$", "expected type string, got integer")));
}

TEST(JsonSchemaCombinators, NotRefusesWhatItsSchemaAccepts) {
  const char* schema = R"({"not": {"type": "null"}})";
  EXPECT_THAT(Validate("1", schema), IsEmpty());
  EXPECT_THAT(Validate("null", schema),
              ElementsAre(Violation("$", R"(must not match the schema under "not")")));
}

TEST(JsonSchemaBooleanSchemas, TrueAcceptsAndFalseRefuses) {
  EXPECT_THAT(Validate(R"({"a": 1})", "true"), IsEmpty());
  EXPECT_THAT(Validate("[1]", R"({"items": false})"),
              ElementsAre(Violation("$[0]", "no value is allowed here (the schema is false)")));
}

// --- ignored keywords, malformed schemas, limits ---

TEST(JsonSchemaKeywords, AnnotationsAndUnknownKeywordsAreIgnored) {
  const char* schema = R"({"title": "t", "description": "d", "format": "email", "default": "x",
                           "examples": [], "x-note": 1, "nullable": true,
                           "$schema": "https://json-schema.org/draft/2020-12/schema"})";
  EXPECT_THAT(Validate(R"("not-an-email")", schema), IsEmpty());
}

TEST(JsonSchemaKeywords, MalformedKeywordsAreReportedNotIgnored) {
  EXPECT_THAT(Validate("1", R"({"type": "int"})"),
              ElementsAre(Violation("$", R"(schema error: unknown type "int")")));
  EXPECT_THAT(
      Validate(R"("a")", R"({"pattern": "("})"),
      ElementsAre(Violation(
          "$", R"(schema error: pattern "(" is not a valid ECMAScript regular expression)")));
  EXPECT_THAT(Validate("1", R"({"multipleOf": 0})"), SizeIs(1));
  EXPECT_THAT(Validate("[1]", R"({"items": [{"type": "string"}]})"), SizeIs(1));
}

TEST(JsonSchemaLimits, MaxViolationsIsHonoured) {
  const Json value = Json::parse("[1, 2, 3, 4, 5, 6]");
  const Json schema = Json::parse(R"({"items": {"type": "string"}})");
  EXPECT_THAT(ValidateJson(value, schema), SizeIs(6));
  EXPECT_THAT(ValidateJson(value, schema, 2),
              ElementsAre(Violation("$[0]", "expected type string, got integer"),
                          Violation("$[1]", "expected type string, got integer")));
  // 0 would make an invalid value look valid.
  EXPECT_THAT(ValidateJson(value, schema, 0), SizeIs(1));
}

TEST(JsonSchemaLimits, DeepValuesEndInAViolation) {
  Json value = 1;
  for (int i = 0; i < 600; ++i) value = Json::array({value});
  const Json schema = Json::parse(R"({"items": {"$ref": "#"}})");
  const auto violations = ValidateJson(value, schema);
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_THAT(violations[0].message, HasSubstr("nested more than 512 levels"));
}

TEST(JsonSchemaLimits, ExponentialAlternativesEndInAViolation) {
  // Both alternatives recurse into the items before the first one fails, so each level doubles
  // the work: 2^40 steps without the budget.
  Json value = 1;
  for (int i = 0; i < 40; ++i) value = Json::array({value});
  const Json schema =
      Json::parse(R"({"anyOf": [{"items": {"$ref": "#"}, "not": {}}, {"items": {"$ref": "#"}}]})");
  EXPECT_THAT(ValidateJson(value, schema),
              ElementsAre(Violation("$", StartsWith("validation stopped after 250000 steps"))));
}

TEST(JsonSchemaLimits, HugeUniqueItemsArrayEndsInAViolation) {
  Json value = Json::array();
  for (int i = 0; i < 1000; ++i) value.push_back(i);
  const auto violations = ValidateJson(value, Json::parse(R"({"uniqueItems": true})"));
  ASSERT_THAT(violations, SizeIs(1));
  EXPECT_THAT(violations[0].message, StartsWith("validation stopped after 250000 steps"));
}

// --- a realistic agent schema ---

TEST(JsonSchemaUserStories, AcceptsAValidReply) {
  const Json reply = {{"stories", Json::array({ValidStory(), ValidStory()})}};
  EXPECT_THAT(ValidateJson(reply, UserStoriesSchema()), IsEmpty());
}

TEST(JsonSchemaUserStories, ReportsEveryProblemWithItsPath) {
  Json second = ValidStory();
  second["acceptance_criteria"] = {"Only one"};
  second["story_points"] = 4;
  second["priority"] = "urgent";
  second.erase("title");
  second["estimate"] = "2d";
  const Json reply = {{"stories", Json::array({ValidStory(), second})}};
  EXPECT_THAT(
      ValidateJson(reply, UserStoriesSchema()),
      ElementsAre(Violation("$.stories[1]", R"(missing required property "title")"),
                  Violation("$.stories[1].acceptance_criteria", "expected at least 3 items, got 1"),
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

// --- CheckSchemaSupported ---

TEST(JsonSchemaSupport, AcceptsARealisticAgentSchema) {
  EXPECT_NO_THROW(CheckSchemaSupported(UserStoriesSchema()));
  EXPECT_NO_THROW(CheckSchemaSupported(Json::parse(R"({
    "$id": "https://example.com/tree",
    "type": "object",
    "properties": {"kids": {"type": "array", "items": {"$ref": "#"}, "uniqueItems": true},
                   "kind": {"anyOf": [{"const": "a"}, {"not": {"type": "null"}}]},
                   "size": {"oneOf": [{"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5},
                                      {"allOf": [{"minimum": 1}, {"maximum": 2}]}]}},
    "additionalProperties": {"$ref": "#/definitions/extra"},
    "definitions": {"extra": true}
  })")));
}

TEST(JsonSchemaSupport, RefusesEachUnsupportedKeyword) {
  for (const char* schema : {
           R"({"patternProperties": {"^x": {}}})",
           R"({"dependentSchemas": {"a": {}}})",
           R"({"dependentRequired": {"a": ["b"]}})",
           R"({"if": {}, "then": {}, "else": {}})",
           R"({"then": {}})",
           R"({"else": {}})",
           R"({"unevaluatedProperties": false})",
           R"({"unevaluatedItems": false})",
           R"({"prefixItems": [{}]})",
           R"({"contains": {}})",
           R"({"propertyNames": {}})",
           R"({"minProperties": 1})",
           R"({"$dynamicRef": "#meta"})",
           R"({"minitems": 1})",
       }) {
    EXPECT_THROW(CheckSchemaSupported(Json::parse(schema)), std::invalid_argument) << schema;
  }
}

TEST(JsonSchemaSupport, RefusesUnsupportedReferencesAndShapes) {
  for (const char* schema : {
           R"({"$ref": "https://example.com/schema.json"})",
           R"({"$ref": "other.json#/$defs/a"})",
           R"({"$ref": "#/$defs/missing", "$defs": {}})",
           R"({"$ref": "#/properties/a", "properties": {"a": {}}})",
           R"({"$ref": "#/$defs/a/properties/b", "$defs": {"a": {"properties": {"b": {}}}}})",
           R"({"items": [{"type": "string"}]})",
           R"({"type": "int"})",
           R"({"type": []})",
           R"({"pattern": "\\p{L}"})",
           R"({"multipleOf": -1})",
           R"({"minItems": -1})",
           R"({"maxLength": "3"})",
           R"({"required": "title"})",
           R"({"anyOf": []})",
           R"({"exclusiveMinimum": true})",
           R"({"properties": {"a": {"$id": "a.json"}}})",
           R"([])",
       }) {
    EXPECT_THROW(CheckSchemaSupported(Json::parse(schema)), std::invalid_argument) << schema;
  }
}

TEST(JsonSchemaSupport, MessageNamesTheLocation) {
  try {
    CheckSchemaSupported(Json::parse(
        R"({"$defs": {"story": {"properties": {"tags": {"items": {"patternProperties": {}}}}}}})"));
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "unsupported JSON schema at #/$defs/story/properties/tags/items: keyword "
                 "\"patternProperties\" is not supported");
  }
}

TEST(JsonSchemaSupport, PropertyNamesAreNotKeywords) {
  EXPECT_NO_THROW(CheckSchemaSupported(
      Json::parse(R"({"properties": {"if": {"type": "string"}, "patternProperties": {}}})")));
}

}  // namespace
}  // namespace llm
