#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "support/http_client.hpp"
#include "support/service_process.hpp"

namespace testing_support {

inline constexpr const char* kTestPassword = "correct horse battery staple";

// Overrides for services under auth tests: a fast bcrypt cost, and the sign-in and registration
// limits lifted unless a test is about them; `extra` wins.
EnvVars AuthTestEnv(const EnvVars& extra = {});

// A signed-in client: the bearer token from the body and the cookies the service set.
struct SignedInClient {
  std::string access_token;
  std::int64_t user_id = 0;
  std::map<std::string, std::string> cookies;  // name -> value

  HeaderList Bearer() const { return {{"Authorization", "Bearer " + access_token}}; }
  // The Cookie header a browser would send (all cookies, whatever their path).
  HeaderList CookieJar(bool with_csrf_header = false) const;
  std::string Cookie(std::string_view name) const;
};

// Fresh connection, JSON body, Content-Type set.
HttpResponse PostJson(std::uint16_t port, std::string_view target, const nlohmann::json& body,
                      const HeaderList& headers = {});
HttpResponse Send(std::uint16_t port, std::string_view method, std::string_view target,
                  const HeaderList& headers = {}, std::string_view body = {});

// Set-Cookie name -> value (deleted cookies map to "").
std::map<std::string, std::string> CookiesOf(const HttpResponse& response);
// The full Set-Cookie line for a cookie name, for attribute checks.
std::string SetCookieLine(const HttpResponse& response, std::string_view name);

// Registers (status must be 200) and returns the signed-in client.
SignedInClient RegisterUser(std::uint16_t port, const std::string& username,
                            const std::string& password = "correct horse battery staple");
// Logs in; the response is returned for status checks, the client filled when it succeeded.
HttpResponse Login(std::uint16_t port, const std::string& username, const std::string& password,
                   SignedInClient* client = nullptr, const HeaderList& headers = {});

SignedInClient ClientFrom(const HttpResponse& response);

}  // namespace testing_support
