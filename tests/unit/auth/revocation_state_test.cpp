#include "auth/revocation_state.hpp"

#include <gtest/gtest.h>

namespace auth {
namespace {

TEST(InMemoryRevocationState, RevokedIdsExpireWithTheTokensTheyName) {
  InMemoryRevocationState state;
  state.Revoke("jti-1", 1000);
  EXPECT_TRUE(state.IsRevoked("jti-1", 999));
  EXPECT_FALSE(state.IsRevoked("jti-1", 1000));
  EXPECT_FALSE(state.IsRevoked("other", 10));
  state.Revoke(SessionRevocationId("s1"), 500);
  EXPECT_TRUE(state.IsRevoked("session:s1", 100));
}

TEST(InMemoryRevocationState, TokenVersionsOnlyGrow) {
  InMemoryRevocationState state;
  EXPECT_FALSE(state.TokenVersion(7).has_value());
  state.SetTokenVersion(7, 3);
  state.SetTokenVersion(7, 2);  // a late reader of the old value
  EXPECT_EQ(state.TokenVersion(7), 3);
  state.SetTokenVersion(7, 4);
  EXPECT_EQ(state.TokenVersion(7), 4);
}

}  // namespace
}  // namespace auth
