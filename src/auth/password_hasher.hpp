#pragma once

#include <string>
#include <string_view>

namespace auth {

// bcrypt ($2b$) through libxcrypt. Verifies $2a$/$2b$/$2y$ hashes made by other bcrypt libraries.
// bcrypt reads only 72 bytes, so a longer password is first reduced to its SHA-256 (base64) and
// no part of it is silently ignored.
class PasswordHasher {
 public:
  static constexpr int kMinimumCost = 10;  // OWASP ASVS 2.4.4

  // Throws std::invalid_argument for a cost below 10 or above 20.
  explicit PasswordHasher(int cost);

  std::string Hash(std::string_view password) const;
  // Constant-time comparison; false for a malformed hash.
  bool Verify(std::string_view password, std::string_view hash) const;
  // Spends the same time as Verify against a real hash, for unknown user names, so the answer
  // time does not reveal whether an account exists.
  void VerifyNothing(std::string_view password) const;
  // True when the hash uses a lower cost than configured (rehash after a successful login).
  bool NeedsRehash(std::string_view hash) const;

  int cost() const { return cost_; }

 private:
  int cost_;
  std::string dummy_hash_;
};

}  // namespace auth
