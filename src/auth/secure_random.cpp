#include "auth/secure_random.hpp"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>
#include <vector>

#include "auth/jwt.hpp"

namespace auth {
namespace {

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  text.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    text.push_back(kHex[data[i] >> 4]);
    text.push_back(kHex[data[i] & 0xF]);
  }
  return text;
}

std::vector<unsigned char> RandomBytes(std::size_t size) {
  std::vector<unsigned char> bytes(size);
  if (RAND_bytes(bytes.data(), static_cast<int>(size)) != 1) {
    throw std::runtime_error("the random number generator failed");
  }
  return bytes;
}

}  // namespace

std::string RandomHex(std::size_t bytes) {
  const auto random = RandomBytes(bytes);
  return Hex(random.data(), random.size());
}

std::string RandomBase64Url(std::size_t bytes) {
  const auto random = RandomBytes(bytes);
  return Base64UrlEncode(
      std::string_view(reinterpret_cast<const char*>(random.data()), random.size()));
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return Hex(digest, sizeof digest);
}

}  // namespace auth
