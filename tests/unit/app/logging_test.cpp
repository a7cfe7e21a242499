// JSON lines of the main log: whatever a message carries, each line stays one JSON object that no
// reader splits.
#include "app/logging.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

namespace app {
namespace {

std::string Decoded(const std::string& escaped) {
  return nlohmann::json::parse("\"" + escaped + "\"").get<std::string>();
}

TEST(JsonEscape, EscapesUnicodeLineBreaksAndC1Controls) {
  EXPECT_EQ(JsonEscape("a\u2028b\u2029c\u0085d\u009Be"), "a\\u2028b\\u2029c\\u0085d\\u009be");
  EXPECT_EQ(JsonEscape("\x7F"), "\\u007f");
}

TEST(JsonEscape, EscapesAsciiControlsQuotesAndBackslashesAsBefore) {
  EXPECT_EQ(JsonEscape("say \"hi\"\\\n\r\t\x01"), "say \\\"hi\\\"\\\\\\n\\r\\t\\u0001");
}

TEST(JsonEscape, KeepsValidTextInAnyScriptAndRoundTrips) {
  const std::string text = "Jos\u00E9 \u5C71\u7530 \U0001F600 \u2028 \"q\" \\ \u0085";
  const std::string escaped = JsonEscape(text);
  EXPECT_EQ(escaped.find('\n'), std::string::npos);
  EXPECT_NE(escaped.find("Jos\u00E9 \u5C71\u7530 \U0001F600"), std::string::npos) << escaped;
  EXPECT_EQ(Decoded(escaped), text);
}

TEST(JsonEscape, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
  // A stray NEL byte, an overlong '/', a surrogate half: raw, the line would not parse as JSON.
  const std::string escaped = JsonEscape(
      "a\x85"
      "b\xC0\xAF"
      "c\xED\xA0\x80");
  EXPECT_EQ(escaped, "a\\ufffdb\\ufffd\\ufffdc\\ufffd\\ufffd\\ufffd");
  EXPECT_NO_THROW(Decoded(escaped));
}

}  // namespace
}  // namespace app
