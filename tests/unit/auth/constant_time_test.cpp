// The comparison behind JWT signatures, CSRF tokens and password hashes. Its timing is not
// tested here (such tests are flaky); its contract is: equal bytes, whole length, nothing else.
#include "auth/constant_time.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace auth {
namespace {

using namespace std::string_view_literals;

TEST(ConstantTimeEquals, IsTrueForTheSameBytes) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  const std::string token(43, 'x');
  EXPECT_TRUE(ConstantTimeEquals(token, std::string(43, 'x')));
}

TEST(ConstantTimeEquals, IsFalseWhereverTheBytesDiffer) {
  EXPECT_FALSE(ConstantTimeEquals("abc", "xbc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "axc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abx"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ABC"));
}

TEST(ConstantTimeEquals, ComparesTheWholeLengthNotJustAPrefix) {
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  // Bytes after a NUL count too (no C-string comparison).
  EXPECT_TRUE(ConstantTimeEquals("a\0b"sv, "a\0b"sv));
  EXPECT_FALSE(ConstantTimeEquals("a\0b"sv, "a\0c"sv));
}

}  // namespace
}  // namespace auth
