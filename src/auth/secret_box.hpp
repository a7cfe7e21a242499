#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auth {

// Encrypts credentials users store (LLM API keys, tracker tokens) with libsodium's secretbox
// (XSalsa20-Poly1305) under a key derived from a server secret, so a copy of the database alone
// reveals nothing. Sealed values are base64url(nonce || ciphertext).
class SecretBox {
 public:
  // `server_secret` must be at least 32 bytes; the encryption key is derived from it with
  // BLAKE2b under a purpose label, so the same secret never serves two purposes directly.
  explicit SecretBox(std::string_view server_secret);

  std::string Seal(std::string_view plaintext) const;
  // nullopt when the value was tampered with or sealed under another secret.
  std::optional<std::string> Open(std::string_view sealed) const;

 private:
  std::string key_;
};

}  // namespace auth
