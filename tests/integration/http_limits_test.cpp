// Routing errors, size limits, timeouts and the connection limit, over real sockets.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/http_client.hpp"
#include "support/service_process.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(Routing, UnknownApiPathIsProblemJson404) {
  Service service;
  const HttpResponse response = HttpGet(service.port(), "/api/projects/42/unknown");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["status"], 404);
  EXPECT_EQ(body["code"], "not_found");
  EXPECT_EQ(body["title"], "Not Found");
}

TEST(Routing, WrongMethodIs405WithAllow) {
  Service service;
  HttpConnection connection(service.port());
  const HttpResponse response = connection.Request("DELETE", "/api/health");
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.Header("Allow"), "GET, HEAD");
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], "method_not_allowed");
}

TEST(Limits, BodyOverTheLimitIs413) {
  Service service(EnvVars{{"MAX_REQUEST_BODY_BYTES", "2048"}});
  HttpConnection connection(service.port());
  const HttpResponse response =
      connection.Request("POST", "/api/health", {}, std::string(5000, 'x'));
  EXPECT_EQ(response.status, 413);
  EXPECT_EQ(response.Header("Content-Type"), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], "body_too_large");
  EXPECT_THAT(body["detail"].get<std::string>(), HasSubstr("2048"));
  EXPECT_EQ(response.Header("Connection"), "close");

  // A body within the limit reaches routing (405 here, not 413).
  HttpConnection small(service.port());
  EXPECT_EQ(small.Request("POST", "/api/health", {}, std::string(2000, 'x')).status, 405);
}

TEST(Limits, ChunkedBodyOverTheLimitIs413) {
  Service service(EnvVars{{"MAX_REQUEST_BODY_BYTES", "2048"}});
  HttpConnection connection(service.port());
  std::string request =
      "POST /api/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 4; ++i) request += "400\r\n" + std::string(1024, 'y') + "\r\n";
  request += "0\r\n\r\n";
  connection.Send(request);
  const auto response = connection.ReadResponse(20s);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 413);
}

TEST(Limits, OversizedHeadersAre431) {
  Service service(EnvVars{{"MAX_HEADER_BYTES", "4096"}});
  HttpConnection connection(service.port());
  const HttpResponse response =
      connection.Request("GET", "/api/health", {{"X-Padding", std::string(8000, 'p')}});
  EXPECT_EQ(response.status, 431);
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], "headers_too_large");
}

TEST(Limits, GarbageIs400) {
  Service service;
  HttpConnection connection(service.port());
  connection.Send("THIS IS NOT HTTP\r\n\r\n");
  const auto response = connection.ReadResponse(20s);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(connection.WaitForClose(20s));
}

TEST(Timeouts, AClientThatStopsMidHeadersIsDisconnectedWhileOthersAreServed) {
  Service service(EnvVars{{"HTTP_HEADER_TIMEOUT_SECONDS", "1"}});
  HttpConnection slow(service.port());
  slow.Send("GET /api/health HTTP/1.1\r\nHost: x\r\n");  // and never the blank line
  const auto sent = std::chrono::steady_clock::now();

  // The server keeps serving everyone else meanwhile.
  EXPECT_EQ(HttpGet(service.port(), "/api/build-version").status, 200);

  EXPECT_TRUE(slow.WaitForClose(15s));
  const auto waited = std::chrono::steady_clock::now() - sent;
  EXPECT_GE(waited, 900ms);  // closed by the timeout, not at once
  EXPECT_LT(waited, 10s);
}

TEST(Timeouts, AClientTricklingHeadersCannotExtendTheDeadline) {
  Service service(EnvVars{{"HTTP_HEADER_TIMEOUT_SECONDS", "1"}});
  HttpConnection slow(service.port());
  slow.Send("GET /api/health HTTP/1.1\r\n");
  const auto sent = std::chrono::steady_clock::now();
  bool closed = false;
  // One header byte every 200 ms would keep a per-read timeout alive forever.
  for (int i = 0; i < 50 && !closed; ++i) {
    try {
      slow.Send("X");
    } catch (const std::exception&) {
      closed = true;
      break;
    }
    closed = slow.WaitForClose(200ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - sent, 5s);
}

// A socket that never sends a byte gets the header timeout, not the keep-alive idle timeout:
// otherwise a hundred silent sockets hold a hundred slots for a minute each.
TEST(Timeouts, ASilentNewConnectionIsClosedAfterTheHeaderTimeout) {
  Service service(
      EnvVars{{"HTTP_HEADER_TIMEOUT_SECONDS", "1"}, {"HTTP_IDLE_TIMEOUT_SECONDS", "120"}});
  HttpConnection silent(service.port());
  const auto opened = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.WaitForClose(30s));
  EXPECT_LT(std::chrono::steady_clock::now() - opened, 20s);
}

TEST(Timeouts, IdleKeepAliveConnectionsAreClosed) {
  Service service(EnvVars{{"HTTP_IDLE_TIMEOUT_SECONDS", "1"}});
  HttpConnection connection(service.port());
  EXPECT_EQ(connection.Request("GET", "/api/health").status, 200);
  EXPECT_TRUE(connection.WaitForClose(15s));
}

TEST(Connections, OverTheLimitGetA503InsteadOfASilentReset) {
  Service service(EnvVars{{"MAX_CONNECTIONS", "2"}});
  HttpConnection first(service.port());
  HttpConnection second(service.port());
  // Both are admitted and served.
  EXPECT_EQ(first.Request("GET", "/api/build-version").status, 200);
  EXPECT_EQ(second.Request("GET", "/api/build-version").status, 200);

  HttpConnection third(service.port());
  const auto response = third.ReadResponse(20s);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 503);
  EXPECT_EQ(response->Header("Retry-After"), "1");
  EXPECT_EQ(nlohmann::json::parse(response->body)["code"], "too_many_connections");

  // Once a connection closes, a new one is admitted again.
  second.Send("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  ASSERT_TRUE(second.ReadResponse(20s).has_value());
  ASSERT_TRUE(second.WaitForClose(20s));
  bool admitted = false;
  for (int attempt = 0; attempt < 50 && !admitted; ++attempt) {
    HttpConnection again(service.port());
    admitted = again.Request("GET", "/api/build-version").status == 200;
  }
  EXPECT_TRUE(admitted);
}

// One client address cannot take every connection slot: past its own cap it gets a 429, while
// another address is still served. A trusted proxy, which carries many clients, is exempt.
TEST(Connections, OneAddressCannotTakeEverySlot) {
  Service service(EnvVars{{"MAX_CONNECTIONS", "100"}, {"MAX_CONNECTIONS_PER_IP", "5"}});
  std::vector<std::unique_ptr<HttpConnection>> held;
  for (int i = 0; i < 5; ++i) {
    held.push_back(std::make_unique<HttpConnection>(service.port()));
    EXPECT_EQ(held.back()->Request("GET", "/api/build-version").status, 200);
  }
  HttpConnection sixth(service.port());
  const auto refused = sixth.ReadResponse(20s);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->status, 429);
  EXPECT_EQ(nlohmann::json::parse(refused->body)["code"], "too_many_connections");
  EXPECT_THAT(nlohmann::json::parse(refused->body)["detail"].get<std::string>(),
              HasSubstr("5 connections"));

  HttpConnection other_client(service.port(), "127.0.0.2");
  EXPECT_EQ(other_client.Request("GET", "/api/build-version").status, 200);

  // A closed connection gives its place back.
  held.pop_back();
  bool admitted = false;
  for (int attempt = 0; attempt < 50 && !admitted; ++attempt) {
    HttpConnection again(service.port());
    admitted = again.Request("GET", "/api/build-version").status == 200;
  }
  EXPECT_TRUE(admitted);
}

TEST(Connections, ATrustedProxyIsNotCappedPerAddress) {
  Service service(EnvVars{{"MAX_CONNECTIONS_PER_IP", "2"}, {"TRUSTED_PROXIES", "127.0.0.1"}});
  std::vector<std::unique_ptr<HttpConnection>> held;
  for (int i = 0; i < 4; ++i) {
    held.push_back(std::make_unique<HttpConnection>(service.port()));
    EXPECT_EQ(held.back()->Request("GET", "/api/build-version").status, 200);
  }
}

}  // namespace
}  // namespace testing_support
