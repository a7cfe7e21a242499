// Graceful shutdown: SIGTERM stops accepting, lets in-flight requests finish, closes idle
// connections, and exits 0.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/service_process.hpp"

namespace testing_support {
namespace {

using namespace std::chrono_literals;

TEST(Shutdown, FinishesTheRequestInFlightThenExitsZero) {
  Service service(EnvVars{{"SHUTDOWN_GRACE_SECONDS", "30"}});
  HttpConnection in_flight(service.port());
  // The server answers "100 Continue" once it has read the headers: from then on the request is
  // provably in flight.
  in_flight.Send(
      "POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
  const auto interim = in_flight.ReadResponse(20s);
  ASSERT_TRUE(interim.has_value());
  ASSERT_EQ(interim->status, 100);

  service.process().Signal(SIGTERM);
  ASSERT_TRUE(service.process().WaitForLine("stopped accepting connections", 20s).has_value());
  EXPECT_FALSE(CanConnect(service.port()));
  EXPECT_TRUE(service.process().running());  // still waiting for our request

  in_flight.Send("0123456789");
  const auto response = in_flight.ReadResponse(20s);
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, 405);  // the request was routed and answered in full
  EXPECT_EQ(response->Header("Connection"), "close");

  EXPECT_EQ(service.process().WaitForExit(20s), std::optional<int>(0));
  EXPECT_TRUE(service.process().WaitForLine("stopped$", 5s).has_value());
}

TEST(Shutdown, ClosesIdleKeepAliveConnectionsWithoutWaitingForTheGracePeriod) {
  Service service(EnvVars{{"SHUTDOWN_GRACE_SECONDS", "60"}, {"HTTP_IDLE_TIMEOUT_SECONDS", "120"}});
  HttpConnection idle(service.port());
  ASSERT_EQ(idle.Request("GET", "/api/health").status, 200);

  const auto signalled = std::chrono::steady_clock::now();
  service.process().Signal(SIGTERM);
  EXPECT_TRUE(idle.WaitForClose(20s));
  EXPECT_EQ(service.process().WaitForExit(20s), std::optional<int>(0));
  EXPECT_LT(std::chrono::steady_clock::now() - signalled, 15s);
}

TEST(Shutdown, GivesUpOnAStuckRequestAfterTheGracePeriod) {
  Service service(EnvVars{{"SHUTDOWN_GRACE_SECONDS", "1"}, {"HTTP_BODY_TIMEOUT_SECONDS", "600"}});
  HttpConnection stuck(service.port());
  stuck.Send(
      "POST /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n");
  ASSERT_EQ(stuck.ReadResponse(20s)->status, 100);  // and the body never comes

  service.process().Signal(SIGTERM);
  EXPECT_EQ(service.process().WaitForExit(30s), std::optional<int>(0));
  EXPECT_TRUE(service.process().WaitForLine("still busy after the grace period", 5s).has_value());
}

}  // namespace
}  // namespace testing_support
