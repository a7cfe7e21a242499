#include "http/dispatcher.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/api_error.hpp"

namespace http {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

Request Make(Method method, std::string path) {
  Request request;
  request.method = method;
  request.method_name = std::string(MethodName(method));
  request.path = std::move(path);
  request.request_id = "req-1";
  return request;
}

Response Serve(const Dispatcher& dispatcher, Request request) {
  dispatcher.Match(request);
  return dispatcher.Handle(request);
}

Route Row(std::string path, Handler handler) {
  return Route{Method::kGet, std::move(path),    std::move(handler), Access::kPublic,
               false,        Execution::kInline, "test route"};
}

std::vector<Route> Routes() {
  return {
      Row("/api/ok", [](const Request&) { return Response::Json(200, "{}"); }),
      Row("/api/teapot",
          [](const Request&) -> Response {
            throw ApiError(418, "teapot", "I'm a teapot", "Short and stout.");
          }),
      Row("/api/crash",
          [](const Request&) -> Response { throw std::runtime_error("db password is hunter2"); }),
  };
}

TEST(Dispatcher, RunsMiddlewareInOrderAroundTheHandler) {
  std::vector<std::string> calls;
  auto record = [&calls](std::string name) -> Middleware {
    return [&calls, name](Request& request, const Next& next) {
      calls.push_back(name + ">");
      Response response = next(request);
      calls.push_back("<" + name);
      response.headers.Add("X-Seen", name);
      return response;
    };
  };
  const Dispatcher dispatcher(Router(Routes()), {record("outer"), record("inner")}, nullptr);
  const Response response = Serve(dispatcher, Make(Method::kGet, "/api/ok"));
  EXPECT_EQ(response.status, 200);
  EXPECT_THAT(calls, ElementsAre("outer>", "inner>", "<inner", "<outer"));
}

TEST(Dispatcher, MiddlewareCanRejectBeforeTheHandlerAndSeesTheRoute) {
  const Route* seen = nullptr;
  Middleware guard = [&seen](Request& request, const Next&) -> Response {
    seen = request.route;
    throw ApiError(401, "unauthenticated", "Unauthorized");
  };
  const Dispatcher dispatcher(Router(Routes()), {guard}, nullptr);
  const Response response = Serve(dispatcher, Make(Method::kGet, "/api/ok"));
  EXPECT_EQ(response.status, 401);
  ASSERT_NE(seen, nullptr);
  EXPECT_EQ(seen->path, "/api/ok");
}

TEST(Dispatcher, MapsApiErrorsToProblemJson) {
  const Dispatcher dispatcher(Router(Routes()), {}, nullptr);
  const Response response = Serve(dispatcher, Make(Method::kGet, "/api/teapot"));
  EXPECT_EQ(response.status, 418);
  EXPECT_EQ(response.headers.Find("Content-Type"), "application/problem+json");
  const auto body = nlohmann::json::parse(response.body);
  EXPECT_EQ(body["code"], "teapot");
  EXPECT_EQ(body["detail"], "Short and stout.");
  EXPECT_EQ(body["status"], 418);
}

TEST(Dispatcher, UnexpectedExceptionsBecome500WithoutInternals) {
  const Dispatcher dispatcher(Router(Routes()), {}, nullptr);
  const Response response = Serve(dispatcher, Make(Method::kGet, "/api/crash"));
  EXPECT_EQ(response.status, 500);
  EXPECT_THAT(response.body, Not(HasSubstr("hunter2")));
  EXPECT_EQ(nlohmann::json::parse(response.body)["code"], "internal_error");
}

TEST(Dispatcher, FallbackServesOnlyReadsOutsideTheReservedPaths) {
  int fallback_calls = 0;
  const Dispatcher dispatcher(Router(Routes()), {},
                              [&](const Request&) {
                                ++fallback_calls;
                                return Response::Text(200, "index", "text/html");
                              },
                              {"/api", "/metrics"});
  EXPECT_EQ(Serve(dispatcher, Make(Method::kGet, "/projects/1")).body, "index");
  EXPECT_EQ(Serve(dispatcher, Make(Method::kHead, "/")).body, "index");
  EXPECT_EQ(Serve(dispatcher, Make(Method::kGet, "/apiary")).body, "index");  // not under /api
  EXPECT_EQ(Serve(dispatcher, Make(Method::kGet, "/api/nothing")).status, 404);
  EXPECT_EQ(Serve(dispatcher, Make(Method::kGet, "/api")).status, 404);
  EXPECT_EQ(Serve(dispatcher, Make(Method::kGet, "/metrics")).status, 404);
  EXPECT_EQ(Serve(dispatcher, Make(Method::kPost, "/projects/1")).status, 404);
  EXPECT_EQ(fallback_calls, 3);
}

TEST(Dispatcher, WrongMethodIs405WithAllow) {
  const Dispatcher dispatcher(Router(Routes()), {}, nullptr);
  const Response response = Serve(dispatcher, Make(Method::kPut, "/api/ok"));
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(response.headers.Find("Allow"), "GET, HEAD");
}

}  // namespace
}  // namespace http
