#include "app/dotenv.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace app {
namespace {

using ::testing::HasSubstr;

TEST(Dotenv, ParsesTheCommonForms) {
  const auto values = ParseDotenv(
      "# comment\n"
      "\n"
      "PLAIN=value\n"
      "export EXPORTED=yes\n"
      "SPACED = padded value  \n"
      "WITH_COMMENT=abc # trailing\n"
      "HASH_INSIDE=a#b\n"
      "SINGLE='literal $HOME \\n'\n"
      "DOUBLE=\"line1\\nline2 \\\"quoted\\\"\"\n"
      "EMPTY=\n"
      "WINDOWS=crlf\r\n");
  EXPECT_EQ(values.at("PLAIN"), "value");
  EXPECT_EQ(values.at("EXPORTED"), "yes");
  EXPECT_EQ(values.at("SPACED"), "padded value");
  EXPECT_EQ(values.at("WITH_COMMENT"), "abc");
  EXPECT_EQ(values.at("HASH_INSIDE"), "a#b");
  EXPECT_EQ(values.at("SINGLE"), "literal $HOME \\n");
  EXPECT_EQ(values.at("DOUBLE"), "line1\nline2 \"quoted\"");
  EXPECT_EQ(values.at("EMPTY"), "");
  EXPECT_EQ(values.at("WINDOWS"), "crlf");
}

TEST(Dotenv, ErrorsNameTheLine) {
  try {
    ParseDotenv("A=1\nB=2\nnot an assignment\n");
    FAIL() << "expected an error";
  } catch (const DotenvError& error) {
    EXPECT_THAT(error.what(), HasSubstr("line 3"));
  }
  EXPECT_THROW(ParseDotenv("A=\"unclosed\n"), DotenvError);
  EXPECT_THROW(ParseDotenv("1BAD=x\n"), DotenvError);
  EXPECT_THROW(ParseDotenv("A=\"x\" junk\n"), DotenvError);
}

}  // namespace
}  // namespace app
