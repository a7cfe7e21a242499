#include "auth/jwt.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "auth/constant_time.hpp"
#include "json/bounded_parse.hpp"

namespace auth {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMinKeyBytes = 32;
constexpr std::size_t kHmacSha256Bytes = 32;
constexpr std::string_view kHeaderJson = R"({"alg":"HS256","typ":"at+jwt"})";
constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// Header fields that let a token pick its own key or demand extensions (RFC 8725 3.10): we have
// exactly one key family, so any of them means the token was not made by us.
constexpr std::array<std::string_view, 8> kForbiddenHeaderFields = {
    "kid", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit"};

using Mac = std::array<unsigned char, kHmacSha256Bytes>;

Mac HmacSha256(std::string_view key, std::string_view data) {
  Mac mac{};
  unsigned int mac_size = 0;
  // A null key pointer makes OpenSSL fail even for an empty key.
  static const unsigned char kEmpty = 0;
  const void* key_data = key.empty() ? &kEmpty : static_cast<const void*>(key.data());
  const auto* data_bytes = reinterpret_cast<const unsigned char*>(data.data());
  if (HMAC(EVP_sha256(), key_data, static_cast<int>(key.size()),
           data.empty() ? &kEmpty : data_bytes, data.size(), mac.data(), &mac_size) == nullptr ||
      mac_size != mac.size()) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  return mac;
}

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::int64_t SaturatingAdd(std::int64_t a, std::int64_t b) {
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
  constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
  if (b > 0 && a > kMax - b) return kMax;
  if (b < 0 && a < kMin - b) return kMin;
  return a + b;
}

// The part between dots, or nullopt unless there are exactly three non-empty parts.
std::optional<std::array<std::string_view, 3>> SplitToken(std::string_view token) {
  const auto first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const auto second = token.find('.', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  if (token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
  std::array<std::string_view, 3> parts = {token.substr(0, first),
                                           token.substr(first + 1, second - first - 1),
                                           token.substr(second + 1)};
  for (const auto part : parts) {
    if (part.empty()) return std::nullopt;
  }
  return parts;
}

// Parses a base64url-encoded JSON object; anything else (arrays, scalars, bad UTF-8) is nullopt.
std::optional<Json> DecodeJsonObject(std::string_view encoded) {
  const auto text = Base64UrlDecode(encoded);
  if (!text) return std::nullopt;
  Json value = json::ParseBounded(*text).value;
  if (!value.is_object()) return std::nullopt;
  return value;
}

bool IsStringEqual(const Json& object, std::string_view name, std::string_view expected) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() && it->get_ref<const std::string&>() == expected;
}

std::optional<JwtError> CheckHeader(const Json& header) {
  if (!IsStringEqual(header, "alg", "HS256")) return JwtError::kUnsupportedHeader;
  // Explicit typing keeps refresh or CSRF tokens from being accepted as access tokens.
  if (!IsStringEqual(header, "typ", "at+jwt")) return JwtError::kUnsupportedHeader;
  for (const auto field : kForbiddenHeaderFields) {
    if (header.contains(field)) return JwtError::kUnsupportedHeader;
  }
  return std::nullopt;
}

bool AudienceMatches(const Json& payload, std::string_view audience) {
  const auto it = payload.find("aud");
  if (it == payload.end()) return false;
  if (it->is_string()) return it->get_ref<const std::string&>() == audience;
  if (!it->is_array()) return false;
  bool found = false;
  for (const auto& entry : *it) {
    if (!entry.is_string()) return false;
    if (entry.get_ref<const std::string&>() == audience) found = true;
  }
  return found;
}

std::optional<std::string> NonEmptyString(const Json& payload, std::string_view name) {
  const auto it = payload.find(name);
  if (it == payload.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<std::int64_t> Integer(const Json& payload, std::string_view name) {
  const auto it = payload.find(name);
  if (it == payload.end()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const auto value = it->get<std::uint64_t>();
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      return std::nullopt;
    }
    return static_cast<std::int64_t>(value);
  }
  if (it->is_number_integer()) return it->get<std::int64_t>();
  return std::nullopt;
}

}  // namespace

std::string_view Describe(JwtError error) {
  switch (error) {
    case JwtError::kMalformed:
      return "malformed token";
    case JwtError::kUnsupportedHeader:
      return "unsupported header";
    case JwtError::kBadSignature:
      return "bad signature";
    case JwtError::kExpired:
      return "expired";
    case JwtError::kIssuedInFuture:
      return "issued in the future";
    case JwtError::kWrongIssuer:
      return "wrong issuer";
    case JwtError::kWrongAudience:
      return "wrong audience";
    case JwtError::kMissingClaim:
      return "missing or invalid claim";
  }
  return "unknown error";
}

JwtCodec::JwtCodec(std::string signing_key, std::vector<std::string> previous_keys,
                   JwtOptions options)
    : signing_key_(std::move(signing_key)),
      previous_keys_(std::move(previous_keys)),
      options_(std::move(options)) {
  // The messages never include key material.
  if (signing_key_.size() < kMinKeyBytes) {
    throw std::invalid_argument("the JWT signing key must be at least 32 bytes");
  }
  for (const auto& key : previous_keys_) {
    if (key.size() < kMinKeyBytes) {
      throw std::invalid_argument("every previous JWT key must be at least 32 bytes");
    }
  }
  if (options_.leeway.count() < 0) {
    throw std::invalid_argument("the JWT leeway must not be negative");
  }
}

std::string JwtCodec::Sign(const AccessClaims& claims) const {
  // ordered_json keeps the claims in the documented order, which makes tokens easier to read.
  const nlohmann::ordered_json payload = {
      {"iss", options_.issuer},      {"aud", options_.audience}, {"sub", claims.subject},
      {"jti", claims.jwt_id},        {"iat", claims.issued_at},  {"exp", claims.expires_at},
      {"ver", claims.token_version}, {"sid", claims.session_id}};
  std::string token = Base64UrlEncode(kHeaderJson);
  token += '.';
  token += Base64UrlEncode(payload.dump());
  const std::string signature = HmacSha256Base64Url(signing_key_, token);
  token += '.';
  token += signature;
  return token;
}

std::variant<AccessClaims, JwtError> JwtCodec::Verify(std::string_view token,
                                                      std::int64_t now) const {
  if (token.size() > options_.max_token_bytes) return JwtError::kMalformed;
  const auto parts = SplitToken(token);
  if (!parts) return JwtError::kMalformed;
  const auto [header_part, payload_part, signature_part] = *parts;

  const auto header = DecodeJsonObject(header_part);
  if (!header) return JwtError::kMalformed;
  if (const auto error = CheckHeader(*header)) return *error;

  const auto signature = Base64UrlDecode(signature_part);
  if (!signature) return JwtError::kMalformed;
  if (signature->size() != kHmacSha256Bytes) return JwtError::kBadSignature;
  const std::string_view signing_input =
      token.substr(0, header_part.size() + 1 + payload_part.size());
  // Every key is tried, so the time taken does not reveal which one matched.
  bool valid = false;
  const auto matches = [&](const std::string& key) {
    const Mac expected = HmacSha256(key, signing_input);
    return ConstantTimeEquals(
        std::string_view(reinterpret_cast<const char*>(expected.data()), expected.size()),
        *signature);
  };
  valid |= matches(signing_key_);
  for (const auto& key : previous_keys_) valid |= matches(key);
  if (!valid) return JwtError::kBadSignature;

  const auto payload = DecodeJsonObject(payload_part);
  if (!payload) return JwtError::kMalformed;
  if (!IsStringEqual(*payload, "iss", options_.issuer)) return JwtError::kWrongIssuer;
  if (!AudienceMatches(*payload, options_.audience)) return JwtError::kWrongAudience;

  auto subject = NonEmptyString(*payload, "sub");
  auto jwt_id = NonEmptyString(*payload, "jti");
  const auto issued_at = Integer(*payload, "iat");
  const auto expires_at = Integer(*payload, "exp");
  const auto token_version = Integer(*payload, "ver");
  auto session_id = NonEmptyString(*payload, "sid");
  if (!subject || !jwt_id || !issued_at || !expires_at || !token_version || !session_id) {
    return JwtError::kMissingClaim;
  }

  const std::int64_t leeway = options_.leeway.count();
  if (SaturatingAdd(*expires_at, leeway) <= now) return JwtError::kExpired;
  if (*issued_at > SaturatingAdd(now, leeway)) return JwtError::kIssuedInFuture;

  return AccessClaims{std::move(*subject), std::move(*jwt_id), *issued_at,
                      *expires_at,         *token_version,     std::move(*session_id)};
}

std::string NewJwtId() {
  std::array<unsigned char, 16> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string id;
  id.reserve(bytes.size() * 2);
  for (const unsigned char byte : bytes) {
    id.push_back(kHex[byte >> 4]);
    id.push_back(kHex[byte & 0x0f]);
  }
  return id;
}

std::string HmacSha256Base64Url(std::string_view key, std::string_view data) {
  const Mac mac = HmacSha256(key, data);
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(mac.data()), mac.size()));
}

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out.push_back(kAlphabet[(group >> 18) & 0x3f]);
    out.push_back(kAlphabet[(group >> 12) & 0x3f]);
    out.push_back(kAlphabet[(group >> 6) & 0x3f]);
    out.push_back(kAlphabet[group & 0x3f]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest == 1) {
    const std::uint32_t group = byte(i) << 16;
    out.push_back(kAlphabet[(group >> 18) & 0x3f]);
    out.push_back(kAlphabet[(group >> 12) & 0x3f]);
  } else if (rest == 2) {
    const std::uint32_t group = (byte(i) << 16) | (byte(i + 1) << 8);
    out.push_back(kAlphabet[(group >> 18) & 0x3f]);
    out.push_back(kAlphabet[(group >> 12) & 0x3f]);
    out.push_back(kAlphabet[(group >> 6) & 0x3f]);
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  // One leftover character carries only 6 bits, less than a byte: no encoder produces it.
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = Base64UrlValue(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>(buffer >> bits));
      buffer &= (1u << bits) - 1;
    }
  }
  // Non-zero unused bits would give a second spelling of the same bytes (signature malleability).
  if (buffer != 0) return std::nullopt;
  return out;
}

}  // namespace auth
