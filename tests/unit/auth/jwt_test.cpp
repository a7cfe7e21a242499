#include "auth/jwt.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace auth {

// Found by argument-dependent lookup, so it must sit in auth itself; static keeps it in this file.
static void PrintTo(JwtError error, std::ostream* os) { *os << Describe(error); }

namespace {

using Json = nlohmann::json;

const std::string kKey = "0123456789abcdef0123456789abcdef";       // 32 bytes
const std::string kOtherKey = "fedcba9876543210fedcba9876543210";  // 32 bytes
constexpr std::int64_t kNow = 1'700'000'000;

AccessClaims SampleClaims() {
  return AccessClaims{"42", "0123456789abcdef0123456789abcdef", kNow, kNow + 900, 3, "s-1"};
}

Json DefaultHeader() { return {{"alg", "HS256"}, {"typ", "at+jwt"}}; }

Json DefaultPayload() {
  return {{"iss", "agile-backlog-automation"},
          {"aud", "agile-backlog-automation"},
          {"sub", "42"},
          {"jti", "0123456789abcdef0123456789abcdef"},
          {"iat", kNow},
          {"exp", kNow + 900},
          {"ver", 3},
          {"sid", "s-1"}};
}

// A token with arbitrary header and payload, correctly signed with HS256 under `key`.
std::string SignRaw(const Json& header, const Json& payload, const std::string& key = kKey) {
  const std::string input = Base64UrlEncode(header.dump()) + "." + Base64UrlEncode(payload.dump());
  return input + "." + HmacSha256Base64Url(key, input);
}

std::variant<AccessClaims, JwtError> VerifyWith(const std::string& token, std::int64_t now = kNow) {
  return JwtCodec(kKey, {}).Verify(token, now);
}

// The error, or nullopt when the token was accepted.
std::optional<JwtError> ErrorOf(const std::variant<AccessClaims, JwtError>& result) {
  if (const auto* error = std::get_if<JwtError>(&result)) return *error;
  return std::nullopt;
}

std::string PartOf(const std::string& token, int index) {
  std::size_t start = 0;
  for (int i = 0; i < index; ++i) start = token.find('.', start) + 1;
  return token.substr(start, token.find('.', start) - start);
}

TEST(Base64Url, EncodesRfc4648VectorsWithoutPadding) {
  EXPECT_EQ(Base64UrlEncode(""), "");
  EXPECT_EQ(Base64UrlEncode("f"), "Zg");
  EXPECT_EQ(Base64UrlEncode("fo"), "Zm8");
  EXPECT_EQ(Base64UrlEncode("foo"), "Zm9v");
  EXPECT_EQ(Base64UrlEncode("foob"), "Zm9vYg");
  EXPECT_EQ(Base64UrlEncode("fooba"), "Zm9vYmE");
  EXPECT_EQ(Base64UrlEncode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64UrlEncode(std::string("\xfb\xff\xfe", 3)), "-__-");
}

TEST(Base64Url, DecodesWhatItEncodes) {
  std::string all_bytes;
  for (int i = 0; i < 256; ++i) all_bytes.push_back(static_cast<char>(i));
  for (std::size_t length = 0; length <= all_bytes.size(); ++length) {
    const std::string bytes = all_bytes.substr(0, length);
    EXPECT_EQ(Base64UrlDecode(Base64UrlEncode(bytes)), bytes) << "length " << length;
  }
  EXPECT_EQ(Base64UrlDecode("-__-"), std::string("\xfb\xff\xfe", 3));
}

TEST(Base64Url, DecodeRejectsAnythingNotStrictBase64Url) {
  EXPECT_EQ(Base64UrlDecode("Zg=="), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm8="), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("+/8A"), std::nullopt);  // standard alphabet
  EXPECT_EQ(Base64UrlDecode("Zm9 v"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9v\n"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zm9vY"), std::nullopt);  // 4n+1 characters
  EXPECT_EQ(Base64UrlDecode("Z"), std::nullopt);
  EXPECT_EQ(Base64UrlDecode("Zh"), std::nullopt);   // "f" with non-zero unused bits
  EXPECT_EQ(Base64UrlDecode("Zm9"), std::nullopt);  // "fo" with non-zero unused bits
  EXPECT_EQ(Base64UrlDecode(std::string("Zg\0\0", 4)), std::nullopt);
}

TEST(HmacSha256, MatchesRfc7515AppendixA1) {
  const auto key = Base64UrlDecode(
      "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow");
  ASSERT_TRUE(key.has_value());
  ASSERT_EQ(key->size(), 64u);
  const std::string header = "eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9";
  const std::string payload =
      "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVl"
      "fQ";
  // The encoded parts are the RFC's exact octets, \r\n included.
  EXPECT_EQ(Base64UrlDecode(header), "{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}");
  EXPECT_EQ(Base64UrlDecode(payload),
            "{\"iss\":\"joe\",\r\n \"exp\":1300819380,\r\n \"http://example.com/is_root\":true}");
  EXPECT_EQ(HmacSha256Base64Url(*key, header + "." + payload),
            "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
}

TEST(JwtCodec, RoundTripsClaims) {
  const JwtCodec codec(kKey, {});
  const auto result = codec.Verify(codec.Sign(SampleClaims()), kNow);
  ASSERT_TRUE(std::holds_alternative<AccessClaims>(result)) << Describe(std::get<JwtError>(result));
  const auto& claims = std::get<AccessClaims>(result);
  EXPECT_EQ(claims.subject, "42");
  EXPECT_EQ(claims.jwt_id, "0123456789abcdef0123456789abcdef");
  EXPECT_EQ(claims.issued_at, kNow);
  EXPECT_EQ(claims.expires_at, kNow + 900);
  EXPECT_EQ(claims.token_version, 3);
}

TEST(JwtCodec, IssuesTheFixedHeaderAndAllClaims) {
  const std::string token = JwtCodec(kKey, {}).Sign(SampleClaims());
  EXPECT_EQ(Base64UrlDecode(PartOf(token, 0)), R"({"alg":"HS256","typ":"at+jwt"})");
  const auto payload = Json::parse(Base64UrlDecode(PartOf(token, 1)).value());
  EXPECT_EQ(payload, DefaultPayload());
  EXPECT_EQ(Base64UrlDecode(PartOf(token, 2)).value().size(), 32u);
}

TEST(JwtCodec, UsesConfiguredIssuerAndAudience) {
  JwtOptions options;
  options.issuer = "issuer-a";
  options.audience = "audience-a";
  const JwtCodec codec(kKey, {}, options);
  const std::string token = codec.Sign(SampleClaims());
  const auto payload = Json::parse(Base64UrlDecode(PartOf(token, 1)).value());
  EXPECT_EQ(payload["iss"], "issuer-a");
  EXPECT_EQ(payload["aud"], "audience-a");
  EXPECT_EQ(ErrorOf(codec.Verify(token, kNow)), std::nullopt);
  EXPECT_EQ(ErrorOf(VerifyWith(token)), JwtError::kWrongIssuer);
}

TEST(JwtCodec, RefusesTokensWithoutThreeNonEmptyParts) {
  const std::string token = JwtCodec(kKey, {}).Sign(SampleClaims());
  const std::string header = PartOf(token, 0);
  const std::string payload = PartOf(token, 1);
  const std::string signature = PartOf(token, 2);
  for (const std::string& bad :
       {std::string{}, std::string("."), std::string(".."), header + "." + payload,
        header + "." + payload + ".", "." + payload + "." + signature, header + ".." + signature,
        token + ".", token + "." + signature, std::string("not a token")}) {
    EXPECT_EQ(ErrorOf(VerifyWith(bad)), JwtError::kMalformed) << bad;
  }
}

TEST(JwtCodec, RefusesAlgNoneWithEmptyOrAbsentSignature) {
  const std::string unsigned_input = Base64UrlEncode(R"({"alg":"none","typ":"at+jwt"})") + "." +
                                     Base64UrlEncode(DefaultPayload().dump());
  EXPECT_EQ(ErrorOf(VerifyWith(unsigned_input + ".")), JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(VerifyWith(unsigned_input)), JwtError::kMalformed);
}

TEST(JwtCodec, RefusesEveryAlgorithmButHs256) {
  for (const Json& alg : {Json("none"), Json("None"), Json("NONE"), Json("HS512"), Json("hs256"),
                          Json("RS256"), Json("ES256"), Json(nullptr), Json(256)}) {
    Json header = DefaultHeader();
    header["alg"] = alg;
    // Signed with the HS256 key, so only the header can cause the refusal.
    EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(header, DefaultPayload()))), JwtError::kUnsupportedHeader)
        << alg;
  }
  Json header = DefaultHeader();
  header.erase("alg");
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(header, DefaultPayload()))), JwtError::kUnsupportedHeader);
}

TEST(JwtCodec, RefusesHs512SignedWithTheSameKey) {
  const std::string input = Base64UrlEncode(R"({"alg":"HS512","typ":"at+jwt"})") + "." +
                            Base64UrlEncode(DefaultPayload().dump());
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_size = 0;
  ASSERT_NE(
      HMAC(EVP_sha512(), kKey.data(), static_cast<int>(kKey.size()),
           reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac, &mac_size),
      nullptr);
  ASSERT_EQ(mac_size, 64u);
  const std::string token =
      input + "." + Base64UrlEncode(std::string(reinterpret_cast<const char*>(mac), mac_size));
  EXPECT_EQ(ErrorOf(VerifyWith(token)), JwtError::kUnsupportedHeader);
}

TEST(JwtCodec, RefusesKeySelectingAndCriticalHeaderFields) {
  for (const char* field : {"kid", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit"}) {
    Json header = DefaultHeader();
    header[field] = "x";
    EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(header, DefaultPayload()))), JwtError::kUnsupportedHeader)
        << field;
  }
  Json header = DefaultHeader();
  header["jwk"] = {{"kty", "oct"}, {"k", Base64UrlEncode(kKey)}};
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(header, DefaultPayload()))), JwtError::kUnsupportedHeader);
}

TEST(JwtCodec, RequiresTypAtJwt) {
  for (const Json& typ :
       {Json("JWT"), Json("jwt"), Json("application/at+jwt"), Json("AT+JWT"), Json(nullptr)}) {
    Json header = DefaultHeader();
    header["typ"] = typ;
    EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(header, DefaultPayload()))), JwtError::kUnsupportedHeader)
        << typ;
  }
  Json header = DefaultHeader();
  header.erase("typ");
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(header, DefaultPayload()))), JwtError::kUnsupportedHeader);
}

TEST(JwtCodec, RefusesHeaderOrPayloadThatIsNotAJsonObject) {
  const std::string payload = Base64UrlEncode(DefaultPayload().dump());
  for (const std::string& header_json :
       {std::string("[\"HS256\"]"), std::string("\"HS256\""), std::string("{\"alg\":"),
        std::string("null"), std::string("{\"alg\":\"HS256\",\"typ\":\"at\xff\"}")}) {
    const std::string input = Base64UrlEncode(header_json) + "." + payload;
    EXPECT_EQ(ErrorOf(VerifyWith(input + "." + HmacSha256Base64Url(kKey, input))),
              JwtError::kMalformed)
        << header_json;
  }
  const std::string header = Base64UrlEncode(DefaultHeader().dump());
  for (const std::string& payload_json :
       {std::string("[1,2]"), std::string("42"), std::string("{\"sub\":"), std::string("")}) {
    const std::string input = header + "." + Base64UrlEncode(payload_json);
    EXPECT_EQ(ErrorOf(VerifyWith(input + "." + HmacSha256Base64Url(kKey, input))),
              JwtError::kMalformed)
        << payload_json;
  }
}

TEST(JwtCodec, RefusesPaddingAndNonUrlAlphabetInAnyPart) {
  const std::string token = SignRaw(DefaultHeader(), DefaultPayload());
  ASSERT_EQ(ErrorOf(VerifyWith(token)), std::nullopt);
  const std::string header = PartOf(token, 0);
  const std::string payload = PartOf(token, 1);
  const std::string signature = PartOf(token, 2);
  EXPECT_EQ(ErrorOf(VerifyWith(token + "=")), JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(VerifyWith(header + "=." + payload + "." + signature)), JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(VerifyWith(" " + token)), JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(VerifyWith(header + "." + payload + ".+" + signature.substr(1))),
            JwtError::kMalformed);
  EXPECT_EQ(ErrorOf(VerifyWith(header + "." + payload + "./" + signature.substr(1))),
            JwtError::kMalformed);
  ASSERT_EQ(header.size() % 4, 0u);
  EXPECT_EQ(ErrorOf(VerifyWith(header + "A." + payload + "." + signature)),
            JwtError::kMalformed);  // 4n+1 characters
}

TEST(JwtCodec, RefusesTokenSignedWithAnotherKey) {
  const std::string token = JwtCodec(kOtherKey, {}).Sign(SampleClaims());
  EXPECT_EQ(ErrorOf(VerifyWith(token)), JwtError::kBadSignature);
}

TEST(JwtCodec, RefusesTamperedPayloadWithOriginalSignature) {
  const std::string token = JwtCodec(kKey, {}).Sign(SampleClaims());
  Json payload = DefaultPayload();
  payload["sub"] = "1";
  const std::string tampered =
      PartOf(token, 0) + "." + Base64UrlEncode(payload.dump()) + "." + PartOf(token, 2);
  EXPECT_EQ(ErrorOf(VerifyWith(tampered)), JwtError::kBadSignature);
}

TEST(JwtCodec, RefusesTruncatedOrExtendedSignature) {
  const std::string token = JwtCodec(kKey, {}).Sign(SampleClaims());
  const std::string input = PartOf(token, 0) + "." + PartOf(token, 1);
  const std::string mac = Base64UrlDecode(PartOf(token, 2)).value();
  EXPECT_EQ(ErrorOf(VerifyWith(input + "." + Base64UrlEncode(mac.substr(0, 16)))),
            JwtError::kBadSignature);
  EXPECT_EQ(ErrorOf(VerifyWith(input + "." + Base64UrlEncode(mac + "x"))), JwtError::kBadSignature);
}

TEST(JwtCodec, ChecksSignatureBeforeClaims) {
  Json payload = DefaultPayload();
  payload["iss"] = "someone-else";
  payload["exp"] = 1;
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload, kOtherKey))),
            JwtError::kBadSignature);
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kWrongIssuer);
}

TEST(JwtCodec, RefusesTokensOverTheLengthCap) {
  const std::string token = JwtCodec(kKey, {}).Sign(SampleClaims());
  JwtOptions options;
  options.max_token_bytes = token.size();
  EXPECT_EQ(ErrorOf(JwtCodec(kKey, {}, options).Verify(token, kNow)), std::nullopt);
  options.max_token_bytes = token.size() - 1;
  EXPECT_EQ(ErrorOf(JwtCodec(kKey, {}, options).Verify(token, kNow)), JwtError::kMalformed);

  // A validly signed token just over the default 4096 bytes.
  Json payload = DefaultPayload();
  payload["pad"] = std::string(3100, 'a');
  const std::string long_token = SignRaw(DefaultHeader(), payload);
  ASSERT_GT(long_token.size(), 4096u);
  EXPECT_EQ(ErrorOf(VerifyWith(long_token)), JwtError::kMalformed);
}

TEST(JwtCodec, AppliesLeewayToExpiry) {
  Json payload = DefaultPayload();
  payload["iat"] = kNow - 1000;
  payload["exp"] = kNow - 30;  // exp + leeway == now
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kExpired);
  payload["exp"] = kNow - 29;
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), std::nullopt);
  payload["exp"] = kNow - 5000;
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kExpired);

  JwtOptions strict;
  strict.leeway = std::chrono::seconds{0};
  payload["exp"] = kNow;
  EXPECT_EQ(ErrorOf(JwtCodec(kKey, {}, strict).Verify(SignRaw(DefaultHeader(), payload), kNow)),
            JwtError::kExpired);
  payload["exp"] = kNow + 1;
  EXPECT_EQ(ErrorOf(JwtCodec(kKey, {}, strict).Verify(SignRaw(DefaultHeader(), payload), kNow)),
            std::nullopt);
}

TEST(JwtCodec, AppliesLeewayToIssuedAt) {
  Json payload = DefaultPayload();
  payload["iat"] = kNow + 30;
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), std::nullopt);
  payload["iat"] = kNow + 31;
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kIssuedInFuture);
}

TEST(JwtCodec, SurvivesExtremeTimestamps) {
  Json payload = DefaultPayload();
  payload["exp"] = std::numeric_limits<std::int64_t>::max();
  payload["iat"] = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), std::nullopt);
  payload["iat"] = std::numeric_limits<std::int64_t>::max();
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload), kNow)),
            JwtError::kIssuedInFuture);
  payload["iat"] = kNow;
  payload["exp"] = std::numeric_limits<std::int64_t>::min();
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kExpired);
}

TEST(JwtCodec, RequiresTheConfiguredIssuer) {
  Json payload = DefaultPayload();
  payload["iss"] = "agile-backlog-automation-x";
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kWrongIssuer);
  payload["iss"] = Json::array({"agile-backlog-automation"});
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kWrongIssuer);
  payload.erase("iss");
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kWrongIssuer);
}

TEST(JwtCodec, AcceptsAudienceAsStringOrArray) {
  Json payload = DefaultPayload();
  payload["aud"] = Json::array({"other-service", "agile-backlog-automation"});
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), std::nullopt);
}

TEST(JwtCodec, RequiresTheConfiguredAudience) {
  Json payload = DefaultPayload();
  for (const Json& aud : {Json("other-service"), Json::array({"other-service"}), Json::array(),
                          Json::array({"agile-backlog-automation", 7}), Json(7), Json(nullptr)}) {
    payload["aud"] = aud;
    EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kWrongAudience)
        << aud;
  }
  payload.erase("aud");
  EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kWrongAudience);
}

TEST(JwtCodec, RequiresEveryClaimWithItsType) {
  for (const char* claim : {"sub", "jti", "iat", "exp", "ver", "sid"}) {
    Json payload = DefaultPayload();
    payload.erase(claim);
    EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kMissingClaim)
        << claim;
  }
  const std::vector<std::pair<const char*, Json>> wrong_types = {
      {"sub", ""},
      {"sub", 42},
      {"jti", ""},
      {"jti", nullptr},
      {"iat", "1700000000"},
      {"iat", 1700000000.5},
      {"exp", Json::array({kNow + 900})},
      {"ver", true},
      {"ver", std::numeric_limits<std::uint64_t>::max()}};
  for (const auto& [claim, value] : wrong_types) {
    Json payload = DefaultPayload();
    payload[claim] = value;
    EXPECT_EQ(ErrorOf(VerifyWith(SignRaw(DefaultHeader(), payload))), JwtError::kMissingClaim)
        << claim << " = " << value;
  }
}

TEST(JwtCodec, VerifiesTokensSignedWithAPreviousKey) {
  const std::string old_token = JwtCodec(kOtherKey, {}).Sign(SampleClaims());
  const JwtCodec rotated(kKey, {kOtherKey});
  const auto result = rotated.Verify(old_token, kNow);
  ASSERT_TRUE(std::holds_alternative<AccessClaims>(result));
  EXPECT_EQ(std::get<AccessClaims>(result).subject, "42");
  EXPECT_EQ(ErrorOf(JwtCodec(kKey, {}).Verify(old_token, kNow)), JwtError::kBadSignature);

  // New tokens use the signing key only.
  const std::string new_token = rotated.Sign(SampleClaims());
  EXPECT_EQ(ErrorOf(JwtCodec(kKey, {}).Verify(new_token, kNow)), std::nullopt);
  EXPECT_EQ(ErrorOf(JwtCodec(kOtherKey, {}).Verify(new_token, kNow)), JwtError::kBadSignature);
}

TEST(JwtCodec, ConstructorRefusesShortKeysAndNegativeLeeway) {
  const std::string short_key(31, 'k');
  EXPECT_THROW(JwtCodec(short_key, {}), std::invalid_argument);
  EXPECT_THROW(JwtCodec(kKey, {kOtherKey, short_key}), std::invalid_argument);
  EXPECT_THROW(JwtCodec("", {}), std::invalid_argument);
  EXPECT_NO_THROW(JwtCodec(std::string(32, 'k'), {std::string(32, 'p')}));
  JwtOptions options;
  options.leeway = std::chrono::seconds{-1};
  EXPECT_THROW(JwtCodec(kKey, {}, options), std::invalid_argument);
}

TEST(JwtCodec, NewJwtIdIs32LowercaseHexCharsAndUnique) {
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewJwtId();
    ASSERT_EQ(id.size(), 32u);
    for (const char c : id) {
      EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << id;
    }
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(JwtCodec, DescribesEveryErrorDistinctly) {
  EXPECT_EQ(Describe(JwtError::kExpired), "expired");
  std::set<std::string_view> phrases;
  for (const JwtError error :
       {JwtError::kMalformed, JwtError::kUnsupportedHeader, JwtError::kBadSignature,
        JwtError::kExpired, JwtError::kIssuedInFuture, JwtError::kWrongIssuer,
        JwtError::kWrongAudience, JwtError::kMissingClaim}) {
    EXPECT_FALSE(Describe(error).empty());
    phrases.insert(Describe(error));
  }
  EXPECT_EQ(phrases.size(), 8u);
}

}  // namespace
}  // namespace auth
