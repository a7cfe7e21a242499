#include "auth/secret_box.hpp"

#include <gtest/gtest.h>

namespace auth {
namespace {

TEST(SecretBox, SealsAndOpensAndRefusesTamperingAndOtherSecrets) {
  const SecretBox box("a-server-secret-of-at-least-32-bytes!!");
  const std::string sealed = box.Seal("sk-live-123");
  EXPECT_EQ(sealed.find("sk-live"), std::string::npos);
  EXPECT_NE(box.Seal("sk-live-123"), sealed);  // a fresh nonce each time
  EXPECT_EQ(box.Open(sealed), "sk-live-123");
  std::string tampered = sealed;
  tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.Open(tampered).has_value());
  const SecretBox other("another-server-secret-of-32-bytes!!!!");
  EXPECT_FALSE(other.Open(sealed).has_value());
  EXPECT_FALSE(box.Open("not base64 at all!").has_value());
  EXPECT_THROW(SecretBox("short"), std::invalid_argument);
}

}  // namespace
}  // namespace auth
