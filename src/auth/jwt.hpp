#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace auth {

// The claims of an access token. Only HS256 tokens this codec issued carry them.
struct AccessClaims {
  std::string subject;             // "sub": user id as a decimal string
  std::string jwt_id;              // "jti": 32 lowercase hex chars (128 random bits)
  std::int64_t issued_at = 0;      // "iat", Unix seconds
  std::int64_t expires_at = 0;     // "exp", Unix seconds
  std::int64_t token_version = 0;  // "ver": the user's token version when issued
  std::string session_id;          // "sid": the device session the token belongs to
};

struct JwtOptions {
  std::string issuer = "agile-backlog-automation";
  std::string audience = "agile-backlog-automation";
  std::chrono::seconds leeway{30};     // tolerated clock skew for exp and iat
  std::size_t max_token_bytes = 4096;  // longer tokens are refused before any parsing
};

enum class JwtError {
  kMalformed,          // over the length cap, not three parts, bad base64url or JSON
  kUnsupportedHeader,  // alg other than HS256, typ other than at+jwt, or a key-selecting field
  kBadSignature,       // no configured key produced this signature
  kExpired,
  kIssuedInFuture,
  kWrongIssuer,    // iss absent or not options.issuer
  kWrongAudience,  // aud absent or does not name options.audience
  kMissingClaim,   // sub, jti, iat, exp or ver absent or of the wrong type
};

// A short English phrase for logs, e.g. "expired". Never shown as proof of anything to clients.
std::string_view Describe(JwtError error);

// A strict HS256 codec for access tokens (RFC 8725). Verification checks the signature against
// the signing key and then every previous key, so keys can rotate without logging users out.
class JwtCodec {
 public:
  // Throws std::invalid_argument when any key is shorter than 32 bytes (the HMAC-SHA256 output
  // size, RFC 7518 3.2) or the leeway is negative.
  JwtCodec(std::string signing_key, std::vector<std::string> previous_keys,
           JwtOptions options = {});

  // Signs with the signing key only.
  std::string Sign(const AccessClaims& claims) const;

  // Returns the claims, or the reason the token is refused. `now` is Unix seconds (injected
  // clock). The signature is checked before any claim is looked at.
  std::variant<AccessClaims, JwtError> Verify(std::string_view token, std::int64_t now) const;

 private:
  std::string signing_key_;
  std::vector<std::string> previous_keys_;
  JwtOptions options_;
};

// 128 bits from RAND_bytes as 32 lowercase hex chars. Throws std::runtime_error if the CSPRNG
// fails, since no token may be issued without an unpredictable id.
std::string NewJwtId();

// HMAC-SHA256 of `data` under `key`, base64url-encoded without padding. Used by the codec and by
// CSRF tokens.
std::string HmacSha256Base64Url(std::string_view key, std::string_view data);

// Base64url (RFC 4648 section 5) without padding.
std::string Base64UrlEncode(std::string_view bytes);

// Strict inverse of Base64UrlEncode: nullopt for any character outside A-Z a-z 0-9 '-' '_'
// (including '=' and whitespace), an impossible length, or non-zero unused trailing bits, so each
// byte string has exactly one accepted encoding.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace auth
