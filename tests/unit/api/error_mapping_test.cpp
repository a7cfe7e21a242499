// The one mapping from domain errors to HTTP answers, through the middleware handlers rely on.
#include "api/error_mapping.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

namespace api {
namespace {

using Json = nlohmann::json;

// What the middleware answers when the handler throws `error`.
template <typename Error>
http::Response AnswerTo(const Error& error) {
  const std::vector<http::Middleware> chain = {DatabaseOutageMiddleware(), DomainErrorMiddleware()};
  const http::Next::Terminal handler = [&](http::Request&) -> http::Response { throw error; };
  http::Request request;
  return http::Next(chain, 0, handler)(request);
}

TEST(ErrorMapping, EachServiceErrorKindHasItsStatusAndKeepsItsCode) {
  using services::ErrorKind;
  using services::ServiceError;
  const std::vector<std::pair<ErrorKind, int>> statuses = {
      {ErrorKind::kNotFound, 404}, {ErrorKind::kInvalid, 422}, {ErrorKind::kBadRequest, 400},
      {ErrorKind::kConflict, 409}, {ErrorKind::kTooMany, 429}, {ErrorKind::kUnavailable, 503}};
  for (const auto& [kind, status] : statuses) {
    const http::Response response = AnswerTo(ServiceError(kind, "some_code", "Words."));
    EXPECT_EQ(response.status, status);
    EXPECT_EQ(response.headers.Find("Content-Type"), "application/problem+json");
    const Json body = Json::parse(response.body);
    EXPECT_EQ(body["code"], "some_code");
    EXPECT_EQ(body["detail"], "Words.");
  }
  const http::Response invalid = AnswerTo(ServiceError::Invalid("vision", "Too short."));
  EXPECT_EQ(Json::parse(invalid.body)["errors"][0]["field"], "vision");
  const http::Response busy =
      AnswerTo(ServiceError(ErrorKind::kTooMany, "too_many_jobs", "Wait.", {}, 30));
  EXPECT_EQ(busy.headers.Find("Retry-After"), "30");
}

TEST(ErrorMapping, ProviderAndSignInErrorsKeepTheirAnswers) {
  const http::Response unreachable =
      AnswerTo(llm::LlmError(llm::LlmErrorKind::kConnection, "could not reach OpenAI"));
  EXPECT_EQ(unreachable.status, 503);
  EXPECT_EQ(Json::parse(unreachable.body)["code"], "llm_unavailable");
  EXPECT_EQ(AnswerTo(llm::LlmError(llm::LlmErrorKind::kTimeout, "slow")).status, 504);

  auth::AuthError limited(auth::AuthErrorKind::kRateLimited, "Slow down.", {}, 42);
  limited.rate = {false, 10, 0, std::chrono::seconds(42)};
  limited.rate_policy = "login";
  limited.rate_window = std::chrono::seconds(60);
  const http::Response refused = AnswerTo(limited);
  EXPECT_EQ(refused.status, 429);
  EXPECT_EQ(refused.headers.Find("Retry-After"), "42");
  EXPECT_EQ(refused.headers.Find("RateLimit-Policy"), "\"login\";q=10;w=60");
  EXPECT_EQ(AnswerTo(auth::AuthError(auth::AuthErrorKind::kLocked, "Locked.", {}, 5)).status, 423);
}

TEST(ErrorMapping, AnUnreachableOrBusyDatabaseIs503WithRetryAfterAndNoDetailsOfIt) {
  using store::sql::Error;
  const http::Response down =
      AnswerTo(Error(Error::Kind::kUnavailable, "connection to server at \"db.internal\" failed"));
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.headers.Find("Retry-After"), "5");
  EXPECT_EQ(Json::parse(down.body)["code"], "database_unavailable");
  EXPECT_EQ(down.body.find("db.internal"), std::string::npos);
  EXPECT_EQ(AnswerTo(Error(Error::Kind::kBusy, "lock timeout")).status, 503);
  // A broken statement is a bug, not an outage: it stays an error for the server's own handler.
  EXPECT_THROW(AnswerTo(Error(Error::Kind::kOther, "syntax error")), Error);
}

}  // namespace
}  // namespace api
