#include "auth/password_hasher.hpp"

#include <crypt.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>
#include <memory>
#include <stdexcept>

#include "auth/constant_time.hpp"

namespace auth {
namespace {

constexpr std::size_t kBcryptInputLimit = 72;

// The bytes bcrypt sees: the password itself, or for long ones base64(SHA-256(password)).
std::string BcryptInput(std::string_view password) {
  if (password.size() <= kBcryptInputLimit) return std::string(password);
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(password.data()), password.size(), digest);
  unsigned char encoded[64];
  const int length = EVP_EncodeBlock(encoded, digest, sizeof digest);
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(length));
}

std::string Crypt(const std::string& input, const char* setting) {
  // crypt_data is ~32 KiB: keep it off the (possibly small) thread stack.
  auto data = std::make_unique<crypt_data>();
  const char* result = crypt_r(input.c_str(), setting, data.get());
  if (!result || result[0] == '*') return {};
  return result;
}

int CostOf(std::string_view hash) {
  // "$2b$12$...": the cost is the two digits after the second '$'.
  if (hash.size() < 7 || hash[0] != '$' || hash[3] != '$') return -1;
  const char tens = hash[4];
  const char ones = hash[5];
  if (tens < '0' || tens > '9' || ones < '0' || ones > '9') return -1;
  return (tens - '0') * 10 + (ones - '0');
}

}  // namespace

PasswordHasher::PasswordHasher(int cost) : cost_(cost) {
  if (cost < kMinimumCost || cost > 20) {
    throw std::invalid_argument("the bcrypt cost must be between 10 and 20");
  }
  dummy_hash_ = Hash("a password nobody has, hashed once at start-up");
}

std::string PasswordHasher::Hash(std::string_view password) const {
  char setting[CRYPT_GENSALT_OUTPUT_SIZE];
  // A null random source makes libxcrypt draw the salt from the OS generator.
  if (!crypt_gensalt_rn("$2b$", static_cast<unsigned long>(cost_), nullptr, 0, setting,
                        sizeof setting)) {
    throw std::runtime_error("generating a bcrypt salt failed");
  }
  std::string hash = Crypt(BcryptInput(password), setting);
  if (hash.empty()) throw std::runtime_error("bcrypt hashing failed");
  return hash;
}

bool PasswordHasher::Verify(std::string_view password, std::string_view hash) const {
  if (hash.size() != 60 ||
      !(hash.starts_with("$2a$") || hash.starts_with("$2b$") || hash.starts_with("$2y$"))) {
    return false;
  }
  const std::string stored(hash);
  const std::string computed = Crypt(BcryptInput(password), stored.c_str());
  return ConstantTimeEquals(computed, stored);
}

void PasswordHasher::VerifyNothing(std::string_view password) const {
  Verify(password, dummy_hash_);
}

bool PasswordHasher::NeedsRehash(std::string_view hash) const {
  return CostOf(hash) < cost_ || !hash.starts_with("$2b$");
}

}  // namespace auth
