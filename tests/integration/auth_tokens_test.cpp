// Access and refresh tokens over HTTP: JWT verification rules (RFC 8725), revocation on logout,
// password change and invalidate-all, refresh rotation with reuse detection, device sessions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <nlohmann/json.hpp>

#include "auth/jwt.hpp"
#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

std::string Part(const Json& json) { return auth::Base64UrlEncode(json.dump()); }

std::string Hs512(const std::string& key, const std::string& data) {
  unsigned char mac[64];
  unsigned int length = 0;
  HMAC(EVP_sha512(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac, &length);
  return auth::Base64UrlEncode(std::string(reinterpret_cast<char*>(mac), length));
}

// A token with any header and claims, signed HS256 with `key`.
std::string Forge(const Json& header, const Json& claims, const std::string& key = kTestJwtSecret) {
  const std::string input = Part(header) + "." + Part(claims);
  return input + "." + auth::HmacSha256Base64Url(key, input);
}

int VerifyStatus(std::uint16_t port, const std::string& token) {
  return Send(port, "GET", "/api/auth/verify", {{"Authorization", "Bearer " + token}}).status;
}

Json ClaimsOf(const std::string& token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  return Json::parse(*auth::Base64UrlDecode(token.substr(first + 1, second - first - 1)));
}

TEST(Tokens, VerificationRefusesEveryForgeryAndBadClaim) {
  Service service(AuthTestEnv());
  const SignedInClient hank = RegisterUser(service.port(), "hank");
  const Json good = ClaimsOf(hank.access_token);
  const Json header = {{"alg", "HS256"}, {"typ", "at+jwt"}};
  // The forgery kit reproduces a valid token exactly, so each refusal below is the one change.
  ASSERT_EQ(VerifyStatus(service.port(), Forge(header, good)), 200);

  const std::int64_t now = good["iat"];
  auto with = [&](const char* claim, const Json& value) {
    Json claims = good;
    claims[claim] = value;
    return claims;
  };
  const std::string unsigned_input = Part({{"alg", "none"}, {"typ", "at+jwt"}}) + "." + Part(good);
  const std::string hs512_input = Part({{"alg", "HS512"}, {"typ", "at+jwt"}}) + "." + Part(good);
  const std::pair<const char*, std::string> forgeries[] = {
      {"alg none, empty signature", unsigned_input + "."},
      {"alg none, no signature", unsigned_input},
      {"HS512 with the same secret", hs512_input + "." + Hs512(kTestJwtSecret, hs512_input)},
      {"HS256 with another key", Forge(header, good, "another-key-0123456789abcdef0123456789")},
      {"kid picking a key",
       Forge({{"alg", "HS256"}, {"typ", "at+jwt"}, {"kid", "../../dev/null"}}, good)},
      {"jku picking a key",
       Forge({{"alg", "HS256"}, {"typ", "at+jwt"}, {"jku", "https://evil/keys"}}, good)},
      {"embedded jwk",
       Forge({{"alg", "HS256"}, {"typ", "at+jwt"}, {"jwk", {{"kty", "oct"}}}}, good)},
      {"wrong audience", Forge(header, with("aud", "some-other-service"))},
      {"wrong issuer", Forge(header, with("iss", "someone-else"))},
      {"expired", Forge(header, with("exp", now - 120))},
      {"issued in the future", Forge(header, with("iat", now + 3600))},
      {"old token version", Forge(header, with("ver", good["ver"].get<int>() - 1))},
      {"tampered payload", Part(header) + "." + Part(with("sub", "1")) + "." +
                               hank.access_token.substr(hank.access_token.rfind('.') + 1)},
      {"garbage", "not.a.token"},
  };
  for (const auto& [what, token] : forgeries) {
    EXPECT_EQ(VerifyStatus(service.port(), token), 401) << what;
  }
}

TEST(Tokens, LogoutRevokesTheAccessTokenAndTheRefreshToken) {
  Service service(AuthTestEnv());
  const SignedInClient ivy = RegisterUser(service.port(), "ivy");
  HeaderList headers = ivy.Bearer();
  const auto jar = ivy.CookieJar(true);
  headers.insert(headers.end(), jar.begin(), jar.end());
  const HttpResponse logout = Send(service.port(), "POST", "/api/auth/logout", headers);
  ASSERT_EQ(logout.status, 200) << logout.body;
  EXPECT_EQ(Json::parse(logout.body)["message"], "Logged out successfully");
  EXPECT_EQ(CookiesOf(logout)["access_token"], "");
  EXPECT_THAT(SetCookieLine(logout, "refresh_token"), HasSubstr("Max-Age=0"));

  EXPECT_EQ(VerifyStatus(service.port(), ivy.access_token), 401);
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/refresh", ivy.CookieJar(true)).status, 401);
}

TEST(Tokens, RevocationsSurviveARestart) {
  TempDir dir;
  SignedInClient jack;
  {
    Service service(Service::InFolder{dir.path()}, AuthTestEnv());
    jack = RegisterUser(service.port(), "jack");
    ASSERT_EQ(Send(service.port(), "POST", "/api/auth/logout", jack.Bearer()).status, 200);
    ASSERT_EQ(service.Stop(), std::optional<int>(0));
  }
  Service restarted(Service::InFolder{dir.path()}, AuthTestEnv());
  EXPECT_EQ(VerifyStatus(restarted.port(), jack.access_token), 401);
}

TEST(Tokens, PasswordChangeEndsEverySessionAndSignsThisDeviceInAgain) {
  Service service(AuthTestEnv());
  const SignedInClient laptop = RegisterUser(service.port(), "kate");
  SignedInClient phone;
  ASSERT_EQ(Login(service.port(), "kate", kTestPassword, &phone).status, 200);

  const HttpResponse wrong = PostJson(
      service.port(), "/api/auth/change-password",
      {{"current_password", "not my password at all"}, {"new_password", "a brand new passphrase"}},
      laptop.Bearer());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(Json::parse(wrong.body)["code"], "wrong_password");
  const HttpResponse weak =
      PostJson(service.port(), "/api/auth/change-password",
               {{"current_password", kTestPassword}, {"new_password", "short"}}, laptop.Bearer());
  EXPECT_EQ(weak.status, 422);

  const HttpResponse changed =
      PostJson(service.port(), "/api/auth/change-password",
               {{"current_password", kTestPassword}, {"new_password", "a brand new passphrase"}},
               laptop.Bearer());
  ASSERT_EQ(changed.status, 200) << changed.body;
  const SignedInClient renewed = ClientFrom(changed);
  EXPECT_EQ(VerifyStatus(service.port(), laptop.access_token), 401);
  EXPECT_EQ(VerifyStatus(service.port(), phone.access_token), 401);
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/refresh", phone.CookieJar(true)).status, 401);
  EXPECT_EQ(VerifyStatus(service.port(), renewed.access_token), 200);
  EXPECT_EQ(Login(service.port(), "kate", kTestPassword).status, 401);
  EXPECT_EQ(Login(service.port(), "kate", "a brand new passphrase").status, 200);
  EXPECT_TRUE(
      service.process().WaitForLine("Password changed for user kate", std::chrono::seconds(5)));
}

TEST(Tokens, InvalidateAllTokensIsForAdminsOrYourself) {
  TempDir dir;
  EnvVars env = DefaultServiceEnv(dir.path());
  for (auto& [k, v] : AuthTestEnv()) env[k] = v;
  Service service(Service::InFolder{dir.path()}, AuthTestEnv());
  ChildProcess create(BACKLOG_BINARY,
                      {"user", "create", "boss", "--email", "boss@example.com", "--admin"}, env,
                      dir.path(), "administrator passphrase\n");
  ASSERT_EQ(create.WaitForExit(std::chrono::seconds(60)), std::optional<int>(0)) << create.Output();
  SignedInClient admin;
  ASSERT_EQ(Login(service.port(), "boss", "administrator passphrase", &admin).status, 200);
  const SignedInClient leo = RegisterUser(service.port(), "leo");
  const SignedInClient mia = RegisterUser(service.port(), "mia");

  EXPECT_EQ(PostJson(service.port(), "/api/auth/invalidate-all-tokens", {{"user_id", leo.user_id}})
                .status,
            401);
  const HttpResponse other = PostJson(service.port(), "/api/auth/invalidate-all-tokens",
                                      {{"user_id", leo.user_id}}, mia.Bearer());
  EXPECT_EQ(other.status, 403);
  EXPECT_EQ(VerifyStatus(service.port(), leo.access_token), 200);

  // The deployment guide's incident step, by an admin and by user name.
  ASSERT_EQ(PostJson(service.port(), "/api/auth/invalidate-all-tokens", {{"user_id", "leo"}},
                     admin.Bearer())
                .status,
            200);
  EXPECT_EQ(VerifyStatus(service.port(), leo.access_token), 401);
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/refresh", leo.CookieJar(true)).status, 401);
  EXPECT_EQ(VerifyStatus(service.port(), mia.access_token), 200);

  // Yourself.
  ASSERT_EQ(PostJson(service.port(), "/api/auth/invalidate-all-tokens", {{"user_id", mia.user_id}},
                     mia.Bearer())
                .status,
            200);
  EXPECT_EQ(VerifyStatus(service.port(), mia.access_token), 401);
  EXPECT_TRUE(
      service.process().WaitForLine("All tokens invalidated for user id", std::chrono::seconds(5)));
}

TEST(Tokens, RefreshRotatesAndAReusedRefreshTokenRevokesTheWholeSession) {
  Service service(AuthTestEnv());
  const SignedInClient nina = RegisterUser(service.port(), "nina");
  const HttpResponse first =
      Send(service.port(), "POST", "/api/auth/refresh", nina.CookieJar(true));
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_EQ(Json::parse(first.body)["message"], "Token refreshed successfully");
  SignedInClient rotated = ClientFrom(first);
  rotated.cookies.insert(nina.cookies.begin(), nina.cookies.end());  // jar keeps the others
  for (const auto& [name, value] : CookiesOf(first)) rotated.cookies[name] = value;
  EXPECT_NE(rotated.Cookie("refresh_token"), nina.Cookie("refresh_token"));
  EXPECT_EQ(VerifyStatus(service.port(), rotated.access_token), 200);

  // Refresh needs the CSRF double submit.
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/refresh", rotated.CookieJar(false)).status,
            403);

  // The old refresh token again: theft. The session ends, for the thief and the owner alike.
  const HttpResponse reuse =
      Send(service.port(), "POST", "/api/auth/refresh", nina.CookieJar(true));
  EXPECT_EQ(reuse.status, 401);
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/refresh", rotated.CookieJar(true)).status, 401);
  EXPECT_EQ(VerifyStatus(service.port(), rotated.access_token), 401);
  EXPECT_TRUE(service.process().WaitForLine("Refresh token reuse for user id .* revoked",
                                            std::chrono::seconds(5)));
}

TEST(Tokens, UsersSeeAndEndTheirOwnSessionsOnly) {
  Service service(AuthTestEnv());
  const SignedInClient olga = RegisterUser(service.port(), "olga");
  SignedInClient second;
  ASSERT_EQ(Login(service.port(), "olga", kTestPassword, &second).status, 200);
  const SignedInClient paul = RegisterUser(service.port(), "paul");

  const HttpResponse listed = Send(service.port(), "GET", "/api/auth/sessions", olga.Bearer());
  ASSERT_EQ(listed.status, 200);
  const Json sessions = Json::parse(listed.body)["data"]["sessions"];
  ASSERT_EQ(sessions.size(), 2u);
  std::string other_id;
  for (const auto& session : sessions) {
    if (!session["current"].get<bool>()) other_id = session["id"];
  }
  ASSERT_FALSE(other_id.empty());

  // Paul cannot end Olga's session: it is not his, so it does not exist for him.
  EXPECT_EQ(Send(service.port(), "DELETE", "/api/auth/sessions/" + other_id, paul.Bearer()).status,
            404);
  EXPECT_EQ(VerifyStatus(service.port(), second.access_token), 200);
  EXPECT_EQ(Send(service.port(), "DELETE", "/api/auth/sessions/" + other_id, olga.Bearer()).status,
            200);
  EXPECT_EQ(VerifyStatus(service.port(), second.access_token), 401);
  EXPECT_EQ(Send(service.port(), "POST", "/api/auth/refresh", second.CookieJar(true)).status, 401);
  EXPECT_EQ(VerifyStatus(service.port(), olga.access_token), 200);
}

TEST(Tokens, RotatingTheSecretKeepsOrEndsSessionsAsTheOperatorChooses) {
  TempDir dir;
  SignedInClient quinn;
  {
    Service service(Service::InFolder{dir.path()}, AuthTestEnv());
    quinn = RegisterUser(service.port(), "quinn");
    ASSERT_EQ(service.Stop(), std::optional<int>(0));
  }
  const std::string new_secret = "rotated-secret-abcdef0123456789abcdef0123456789";
  {
    Service keep(Service::InFolder{dir.path()},
                 AuthTestEnv({{"JWT_SECRET_KEY", new_secret},
                              {"JWT_PREVIOUS_SECRET_KEYS", kTestJwtSecret}}));
    EXPECT_EQ(VerifyStatus(keep.port(), quinn.access_token), 200);
    ASSERT_EQ(keep.Stop(), std::optional<int>(0));
  }
  Service end_all(Service::InFolder{dir.path()}, AuthTestEnv({{"JWT_SECRET_KEY", new_secret}}));
  EXPECT_EQ(VerifyStatus(end_all.port(), quinn.access_token), 401);
}

}  // namespace
}  // namespace testing_support
