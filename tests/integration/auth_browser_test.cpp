// What browsers rely on: cookie attributes in both environments, CSRF protection for
// cookie-authenticated changes, and CORS for allowed and other origins.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/service_process.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;

EnvVars Env(EnvVars extra = {}) {
  extra.try_emplace("CORS_ORIGINS", "https://app.example.com");
  return AuthTestEnv(extra);
}

TEST(Cookies, DevelopmentCookiesAreHttpOnlyLaxAndNotSecure) {
  Service service(Env());
  const HttpResponse response = PostJson(service.port(), "/api/auth/register",
                                         {{"username", "xena"},
                                          {"email", "xena@example.com"},
                                          {"password", "correct horse battery staple"}});
  ASSERT_EQ(response.status, 200);
  const std::string access = SetCookieLine(response, "access_token");
  EXPECT_THAT(access, HasSubstr("; Path=/;"));
  EXPECT_THAT(access, HasSubstr("; Max-Age=1800"));
  EXPECT_THAT(access, HasSubstr("; HttpOnly"));
  EXPECT_THAT(access, HasSubstr("; SameSite=Lax"));
  EXPECT_THAT(access, Not(HasSubstr("Secure")));
  const std::string refresh = SetCookieLine(response, "refresh_token");
  EXPECT_THAT(refresh, HasSubstr("; Path=/api/auth;"));
  EXPECT_THAT(refresh, HasSubstr("; Max-Age=604800"));
  EXPECT_THAT(refresh, HasSubstr("; HttpOnly"));
  const std::string csrf = SetCookieLine(response, "csrf_token");
  EXPECT_FALSE(csrf.empty());
  EXPECT_THAT(csrf, Not(HasSubstr("HttpOnly")));  // the page must read it
}

TEST(Cookies, ProductionCookiesAreSecureAndPrefixed) {
  Service service(Env({{"ENVIRONMENT", "production"}}));
  const HttpResponse response = PostJson(service.port(), "/api/auth/register",
                                         {{"username", "yuri"},
                                          {"email", "yuri@example.com"},
                                          {"password", "correct horse battery staple"}});
  ASSERT_EQ(response.status, 200);
  const std::string access = SetCookieLine(response, "__Host-access_token");
  ASSERT_FALSE(access.empty()) << response.header_list.size();
  EXPECT_THAT(access, HasSubstr("; Path=/;"));
  EXPECT_THAT(access, HasSubstr("; HttpOnly; Secure; SameSite=Lax"));
  const std::string refresh = SetCookieLine(response, "__Secure-refresh_token");
  EXPECT_THAT(refresh, HasSubstr("; Path=/api/auth;"));
  EXPECT_THAT(refresh, HasSubstr("; HttpOnly; Secure; SameSite=Lax"));
  EXPECT_THAT(SetCookieLine(response, "__Host-csrf_token"), HasSubstr("; Secure; SameSite=Lax"));
  EXPECT_TRUE(SetCookieLine(response, "access_token").empty());

  // A browser sends the prefixed cookie back and is recognised by it.
  const SignedInClient client = ClientFrom(response);
  EXPECT_EQ(Send(service.port(), "GET", "/api/auth/me", client.CookieJar()).status, 200);
}

TEST(Csrf, CookieAuthenticatedChangesNeedTheTokenBearerRequestsDoNot) {
  Service service(Env());
  const SignedInClient zoe = RegisterUser(service.port(), "zoe");
  // Reads by cookie need nothing more.
  EXPECT_EQ(Send(service.port(), "GET", "/api/auth/me", zoe.CookieJar()).status, 200);

  const auto post = [&](const HeaderList& headers) {
    HeaderList all = headers;
    all.push_back({"Content-Type", "application/json"});
    return Send(service.port(), "POST", "/api/auth/invalidate-all-tokens", all, "{}");
  };
  const HttpResponse without = post(zoe.CookieJar(false));
  EXPECT_EQ(without.status, 403);
  EXPECT_EQ(Json::parse(without.body)["code"], "csrf_failed");
  HeaderList forged = zoe.CookieJar(false);
  forged.push_back({"X-CSRF-Token", "forged-value"});
  EXPECT_EQ(post(forged).status, 403);
  // The bearer path never needs it (no ambient credential to ride on).
  const SignedInClient amy = RegisterUser(service.port(), "amy");
  EXPECT_EQ(post(amy.Bearer()).status, 200);
  // With the token, the cookie request goes through.
  EXPECT_EQ(post(zoe.CookieJar(true)).status, 200);
}

TEST(Cors, OnlyListedOriginsGetCorsHeaders) {
  Service service(Env());
  const HttpResponse allowed =
      HttpGet(service.port(), "/api/build-version", {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(allowed.Header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_EQ(allowed.Header("Access-Control-Allow-Credentials"), "true");
  EXPECT_THAT(allowed.Header("Vary"), HasSubstr("Origin"));

  for (const char* origin :
       {"https://evil.example.com", "null", "https://app.example.com.evil.com"}) {
    const HttpResponse other = HttpGet(service.port(), "/api/build-version", {{"Origin", origin}});
    EXPECT_EQ(other.status, 200);
    EXPECT_FALSE(other.HasHeader("Access-Control-Allow-Origin")) << origin;
    EXPECT_FALSE(other.HasHeader("Access-Control-Allow-Credentials")) << origin;
  }

  const HeaderList preflight = {{"Origin", "https://app.example.com"},
                                {"Access-Control-Request-Method", "POST"},
                                {"Access-Control-Request-Headers", "content-type, x-csrf-token"}};
  const HttpResponse ok = Send(service.port(), "OPTIONS", "/api/auth/change-password", preflight);
  EXPECT_EQ(ok.status, 204);
  EXPECT_EQ(ok.Header("Access-Control-Allow-Origin"), "https://app.example.com");
  EXPECT_THAT(ok.Header("Access-Control-Allow-Methods"), HasSubstr("POST"));
  EXPECT_THAT(ok.Header("Access-Control-Allow-Headers"), HasSubstr("X-CSRF-Token"));

  const HttpResponse refused =
      Send(service.port(), "OPTIONS", "/api/auth/change-password",
           {{"Origin", "https://evil.example.com"}, {"Access-Control-Request-Method", "POST"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_FALSE(refused.HasHeader("Access-Control-Allow-Origin"));

  // An error answer to an allowed origin stays readable by the page.
  const HttpResponse unauthorized =
      HttpGet(service.port(), "/api/auth/me", {{"Origin", "https://app.example.com"}});
  EXPECT_EQ(unauthorized.status, 401);
  EXPECT_EQ(unauthorized.Header("Access-Control-Allow-Origin"), "https://app.example.com");
}

TEST(AccessRules, EveryNonPublicRouteNeedsAToken) {
  Service service(Env());
  const std::pair<const char*, const char*> routes[] = {
      {"GET", "/api/auth/me"},
      {"GET", "/api/auth/verify"},
      {"POST", "/api/auth/verify"},
      {"POST", "/api/auth/change-password"},
      {"GET", "/api/auth/sessions"},
      {"DELETE", "/api/auth/sessions/x"},
      {"POST", "/api/auth/invalidate-all-tokens"},
      {"GET", "/api/admin/users"},
      {"POST", "/api/admin/users/1/unlock"},
  };
  for (const auto& [method, path] : routes) {
    const HttpResponse response = Send(service.port(), method, path);
    EXPECT_EQ(response.status, 401) << method << " " << path;
    EXPECT_THAT(response.Header("WWW-Authenticate"), HasSubstr("Bearer")) << path;
  }
  // Public ones stay public.
  EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 200);
  EXPECT_EQ(HttpGet(service.port(), "/api/build-version").status, 200);
}

}  // namespace
}  // namespace testing_support
