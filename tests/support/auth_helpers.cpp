#include "support/auth_helpers.hpp"

#include <stdexcept>

namespace testing_support {

EnvVars AuthTestEnv(const EnvVars& extra) {
  EnvVars env{{"BCRYPT_COST", "10"},
              {"LOGIN_RATE_LIMIT", "1000"},
              {"REGISTER_RATE_LIMIT", "1000"},
              {"LOCKOUT_THRESHOLD", "100"}};
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

HeaderList SignedInClient::CookieJar(bool with_csrf_header) const {
  std::string header;
  for (const auto& [name, value] : cookies) {
    if (value.empty()) continue;
    if (!header.empty()) header += "; ";
    header += name + "=" + value;
  }
  HeaderList headers{{"Cookie", header}};
  if (with_csrf_header) {
    for (const auto& [name, value] : cookies) {
      if (name.find("csrf_token") != std::string::npos) headers.push_back({"X-CSRF-Token", value});
    }
  }
  return headers;
}

std::string SignedInClient::Cookie(std::string_view name) const {
  const auto it = cookies.find(std::string(name));
  return it == cookies.end() ? std::string() : it->second;
}

HttpResponse Send(std::uint16_t port, std::string_view method, std::string_view target,
                  const HeaderList& headers, std::string_view body) {
  HttpConnection connection(port);
  return connection.Request(method, target, headers, body);
}

HttpResponse PostJson(std::uint16_t port, std::string_view target, const nlohmann::json& body,
                      const HeaderList& headers) {
  HeaderList all = headers;
  all.push_back({"Content-Type", "application/json"});
  return Send(port, "POST", target, all, body.dump());
}

std::map<std::string, std::string> CookiesOf(const HttpResponse& response) {
  std::map<std::string, std::string> cookies;
  for (const auto& line : response.HeaderValues("Set-Cookie")) {
    const auto equals = line.find('=');
    const auto semicolon = line.find(';');
    cookies[line.substr(0, equals)] = line.substr(equals + 1, semicolon - equals - 1);
  }
  return cookies;
}

std::string SetCookieLine(const HttpResponse& response, std::string_view name) {
  for (const auto& line : response.HeaderValues("Set-Cookie")) {
    if (line.starts_with(std::string(name) + "=")) return line;
  }
  return {};
}

SignedInClient ClientFrom(const HttpResponse& response) {
  const auto body = nlohmann::json::parse(response.body);
  SignedInClient client;
  client.access_token = body["data"]["tokens"]["access_token"];
  if (body["data"].contains("user")) client.user_id = body["data"]["user"]["id"];
  client.cookies = CookiesOf(response);
  return client;
}

SignedInClient RegisterUser(std::uint16_t port, const std::string& username,
                            const std::string& password) {
  const HttpResponse response = PostJson(port, "/api/auth/register",
                                         {{"username", username},
                                          {"email", username + "@example.com"},
                                          {"password", password},
                                          {"full_name", "Test " + username}});
  if (response.status != 200) {
    throw std::runtime_error("register " + username +
                             " failed: " + std::to_string(response.status) + " " + response.body);
  }
  return ClientFrom(response);
}

HttpResponse Login(std::uint16_t port, const std::string& username, const std::string& password,
                   SignedInClient* client, const HeaderList& headers) {
  HttpResponse response =
      PostJson(port, "/api/auth/login", {{"username", username}, {"password", password}}, headers);
  if (client && response.status == 200) *client = ClientFrom(response);
  return response;
}

}  // namespace testing_support
