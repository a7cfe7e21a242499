#include "http/response_writer.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace http {
namespace {

using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(SerializeResponse, FramesTheBodyAndNamesTheDate) {
  Response response = Response::Json(200, R"({"ok":true})");
  const std::string wire = SerializeResponse(response, 11, true, false);
  EXPECT_THAT(wire, StartsWith("HTTP/1.1 200 OK\r\nDate: "));
  EXPECT_TRUE(std::regex_search(
      wire, std::regex(R"(Date: [A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT\r\n)")));
  EXPECT_THAT(wire, HasSubstr("Content-Type: application/json\r\n"));
  EXPECT_THAT(wire, HasSubstr("Content-Length: 11\r\n"));
  EXPECT_THAT(wire, Not(HasSubstr("Connection:")));  // HTTP/1.1 keeps alive by default
  EXPECT_THAT(wire, EndsWith("\r\n\r\n{\"ok\":true}"));
}

TEST(SerializeResponse, HeadKeepsTheLengthButSendsNoBody) {
  const std::string wire =
      SerializeResponse(Response::Text(200, "12345", "text/plain"), 11, false, true);
  EXPECT_THAT(wire, HasSubstr("Content-Length: 5\r\n"));
  EXPECT_THAT(wire, HasSubstr("Connection: close\r\n"));
  EXPECT_THAT(wire, EndsWith("\r\n\r\n"));
}

TEST(SerializeResponse, NotModifiedHasNeitherBodyNorLength) {
  Response response;
  response.status = 304;
  response.body = "ignored";
  const std::string wire = SerializeResponse(response, 11, true, false);
  EXPECT_THAT(wire, StartsWith("HTTP/1.1 304 Not Modified\r\n"));
  EXPECT_THAT(wire, Not(HasSubstr("Content-Length")));
  EXPECT_THAT(wire, EndsWith("\r\n\r\n"));
}

TEST(SerializeResponse, NoHandlerCanSplitTheResponseOrOverrideFraming) {
  Response response = Response::Text(200, "body", "text/plain");
  response.headers.Set("X-Name", "value\r\nSet-Cookie: evil=1");
  response.headers.Set("Content-Length", "999");
  response.headers.Set("Connection", "keep-alive");
  const std::string wire = SerializeResponse(response, 11, false, false);
  EXPECT_THAT(wire, HasSubstr("X-Name: value  Set-Cookie: evil=1\r\n"));
  EXPECT_THAT(wire, Not(HasSubstr("\r\nSet-Cookie")));
  EXPECT_THAT(wire, Not(HasSubstr("999")));
  EXPECT_THAT(wire, HasSubstr("Content-Length: 4\r\nConnection: close\r\n"));
}

TEST(SerializeResponse, DefaultsApplyUnlessTheResponseSetsTheHeader) {
  Response response = Response::Text(200, "x", "text/plain");
  response.headers.Set("Cache-Control", "public, max-age=60");
  const std::vector<HeaderField> defaults = {{"Cache-Control", "no-store"},
                                             {"X-Frame-Options", "DENY"}};
  const std::string wire = SerializeResponse(response, 11, true, false, defaults);
  EXPECT_THAT(wire, HasSubstr("Cache-Control: public, max-age=60\r\n"));
  EXPECT_THAT(wire, Not(HasSubstr("no-store")));
  EXPECT_THAT(wire, HasSubstr("X-Frame-Options: DENY\r\n"));
}

TEST(SerializeResponse, Http10GetsAnExplicitKeepAlive) {
  const std::string wire =
      SerializeResponse(Response::Text(200, "", "text/plain"), 10, true, false);
  EXPECT_THAT(wire, StartsWith("HTTP/1.0 200 OK\r\n"));
  EXPECT_THAT(wire, HasSubstr("Connection: keep-alive\r\n"));
}

}  // namespace
}  // namespace http
