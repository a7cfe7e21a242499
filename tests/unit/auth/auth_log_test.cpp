// The security log gets names typed by clients: no character may start a line of its own, in
// text or in JSON, while names in any script stay readable.
#include "auth/auth_log.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace auth {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class AuthLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/backlog-auth-log-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // What one event looks like in auth.log.
  std::string Written(std::string_view event, bool json) {
    {
      AuthLog log(dir_, false, json);
      log.Event(event);
    }
    std::ifstream file(dir_ / "auth.log", std::ios::binary);
    std::stringstream content;
    content << file.rdbuf();
    std::filesystem::remove(dir_ / "auth.log");
    return content.str();
  }

  std::filesystem::path dir_;
};

TEST_F(AuthLogTest, UnicodeLineBreaksAndC1ControlsInANameAreNotWrittenRaw) {
  // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+0085 NEXT LINE, U+009B (CSI).
  const std::string written = Written(
      "Failed login for a\u2028b\u2029c\u0085d\u009Be from 127.0.0.1: invalid user name or "
      "password",
      false);
  EXPECT_EQ(std::count(written.begin(), written.end(), '\n'), 1) << written;
  EXPECT_THAT(written, HasSubstr("Failed login for a?b?c?d?e from 127.0.0.1"));
  for (const char* raw : {"\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85", "\xC2\x9B"}) {
    EXPECT_THAT(written, Not(HasSubstr(raw)));
  }
}

TEST_F(AuthLogTest, AsciiControlsAndDeleteAreReplacedAsBefore) {
  EXPECT_THAT(Written("evil\nFailed login for admin\r\x1B[2J\x7F!", false),
              HasSubstr("evil?Failed login for admin??[2J?!"));
}

TEST_F(AuthLogTest, BytesThatAreNotUtf8AreReplaced) {
  // A stray NEL byte, an overlong '/', a UTF-16 surrogate, and a sequence cut short at the end.
  const std::string written = Written(
      "a\x85"
      "b\xC0\xAF"
      "c\xED\xA0\x80"
      "d\xE2\x80",
      false);
  EXPECT_THAT(written, HasSubstr("a?b??c???d??\n"));
}

TEST_F(AuthLogTest, NamesInAnyScriptStayReadable) {
  const std::string name = "Jos\u00E9 \u5C71\u7530 \u00C5sa \U0001F600";
  EXPECT_THAT(Written("Failed login for " + name + " from 127.0.0.1", false),
              HasSubstr("Failed login for " + name + " from 127.0.0.1\n"));
}

TEST_F(AuthLogTest, JsonLinesStayOneValidObjectEach) {
  const std::string written =
      Written("Failed login for \"x\\\"\u2028Jos\u00E9\u0085 from 127.0.0.1", true);
  ASSERT_EQ(std::count(written.begin(), written.end(), '\n'), 1) << written;
  const auto line = nlohmann::json::parse(written, nullptr, false);
  ASSERT_FALSE(line.is_discarded()) << written;
  EXPECT_EQ(line["message"], "Failed login for \"x\\\"?Jos\u00E9? from 127.0.0.1");
  EXPECT_THAT(written, Not(HasSubstr("\xE2\x80\xA8")));
}

}  // namespace
}  // namespace auth
