#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "auth/password_hasher.hpp"
#include "auth/password_policy.hpp"

namespace auth {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(PasswordHasher, MakesBcrypt2bHashesAtTheConfiguredCost) {
  const PasswordHasher hasher(10);
  const std::string hash = hasher.Hash("correct horse battery staple");
  EXPECT_THAT(hash, StartsWith("$2b$10$"));
  EXPECT_EQ(hash.size(), 60u);
  EXPECT_NE(hasher.Hash("correct horse battery staple"), hash);  // a fresh salt each time
  EXPECT_TRUE(hasher.Verify("correct horse battery staple", hash));
  EXPECT_FALSE(hasher.Verify("correct horse battery stapl", hash));
  EXPECT_FALSE(hasher.Verify("correct horse battery staple", "not a hash"));
  EXPECT_FALSE(hasher.NeedsRehash(hash));
  EXPECT_TRUE(PasswordHasher(11).NeedsRehash(hash));
}

TEST(PasswordHasher, RefusesACostBelowTen) {
  EXPECT_THROW(PasswordHasher(9), std::invalid_argument);
  EXPECT_NO_THROW(PasswordHasher(10));
}

TEST(PasswordHasher, VerifiesHashesFromOtherBcryptLibraries) {
  const PasswordHasher hasher(10);
  // "$2a$" and "$2y$" variants of the same bcrypt, as PHP and older libraries write them.
  const std::string made_here = hasher.Hash("interoperable password");
  std::string as_2a = made_here;
  as_2a[2] = 'a';
  std::string as_2y = made_here;
  as_2y[2] = 'y';
  EXPECT_TRUE(hasher.Verify("interoperable password", as_2a));
  EXPECT_TRUE(hasher.Verify("interoperable password", as_2y));
}

TEST(PasswordHasher, UsesEveryByteOfLongPasswords) {
  const PasswordHasher hasher(10);
  // bcrypt alone would ignore everything after byte 72.
  const std::string base(80, 'x');
  const std::string hash = hasher.Hash(base + "A");
  EXPECT_TRUE(hasher.Verify(base + "A", hash));
  EXPECT_FALSE(hasher.Verify(base + "B", hash));
}

TEST(PasswordPolicy, CountsCharactersNotBytesAndRunsOfSpacesOnce) {
  EXPECT_EQ(CountPasswordCharacters("abc"), 3u);
  EXPECT_EQ(CountPasswordCharacters("a    b"), 3u);
  EXPECT_EQ(CountPasswordCharacters("äöüß"), 4u);
  EXPECT_EQ(CountPasswordCharacters("日本語のパスワード"), 9u);
}

TEST(PasswordPolicy, LengthAndCommonPasswordsOnlyNoCompositionRules) {
  EXPECT_THAT(*CheckPassword("short one", "u", "u@x.io"), HasSubstr("at least 12 characters"));
  EXPECT_THAT(*CheckPassword("a" + std::string(128, 'b'), "u", "u@x.io"), HasSubstr("at most 128"));
  EXPECT_THAT(*CheckPassword("password1234", "u", "u@x.io"), HasSubstr("commonly used"));
  EXPECT_THAT(*CheckPassword("PassWord1234", "u", "u@x.io"), HasSubstr("commonly used"));
  EXPECT_THAT(*CheckPassword("longusername", "LongUserName", "u@x.io"), HasSubstr("differ"));
  EXPECT_FALSE(CheckPassword("all lower case words", "u", "u@x.io").has_value());
  EXPECT_FALSE(CheckPassword("1234567890123 horse", "u", "u@x.io").has_value());
  EXPECT_FALSE(CheckPassword("Пароль из слов", "u", "u@x.io").has_value());
}

TEST(PasswordPolicy, TheShippedListIsLoaded) {
  EXPECT_TRUE(IsCommonPassword("iloveyou1234"));
  EXPECT_TRUE(IsCommonPassword("qwertyuiop123"));
  EXPECT_FALSE(IsCommonPassword("violet lantern orbit"));
}

}  // namespace
}  // namespace auth
