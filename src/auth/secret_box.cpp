#include "auth/secret_box.hpp"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

#include "auth/jwt.hpp"

namespace auth {
namespace {

constexpr std::string_view kPurpose = "agile-backlog-automation stored credentials v1";

void InitSodiumOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
  });
}

}  // namespace

SecretBox::SecretBox(std::string_view server_secret) {
  InitSodiumOnce();
  if (server_secret.size() < 32) {
    throw std::invalid_argument("the secret for stored credentials must be at least 32 bytes");
  }
  key_.resize(crypto_secretbox_KEYBYTES);
  // Keyed BLAKE2b: the secret is the input, the purpose label the key (16 to 64 bytes).
  static_assert(kPurpose.size() >= crypto_generichash_KEYBYTES_MIN &&
                kPurpose.size() <= crypto_generichash_KEYBYTES_MAX);
  crypto_generichash(reinterpret_cast<unsigned char*>(key_.data()), key_.size(),
                     reinterpret_cast<const unsigned char*>(server_secret.data()),
                     server_secret.size(), reinterpret_cast<const unsigned char*>(kPurpose.data()),
                     kPurpose.size());
}

std::string SecretBox::Seal(std::string_view plaintext) const {
  std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(),
                     '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        nonce, reinterpret_cast<const unsigned char*>(key_.data()));
  return Base64UrlEncode(sealed);
}

std::optional<std::string> SecretBox::Open(std::string_view sealed_text) const {
  const auto sealed = Base64UrlDecode(sealed_text);
  if (!sealed || sealed->size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  const auto* nonce = reinterpret_cast<const unsigned char*>(sealed->data());
  const std::size_t cipher_size = sealed->size() - crypto_secretbox_NONCEBYTES;
  std::string plaintext(cipher_size - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 nonce + crypto_secretbox_NONCEBYTES, cipher_size, nonce,
                                 reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return std::nullopt;
  }
  return plaintext;
}

}  // namespace auth
