#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "store/redis/redis_client.hpp"

namespace store::redis {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string ErrorFor(const std::string& url) {
  try {
    ParseRedisUrl(url);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  ADD_FAILURE() << url << " was accepted";
  return {};
}

TEST(ParseRedisUrl, AppliesDefaults) {
  const RedisEndpoint endpoint = ParseRedisUrl("redis://localhost");
  EXPECT_EQ(endpoint.host, "localhost");
  EXPECT_EQ(endpoint.port, 6379);
  EXPECT_EQ(endpoint.username, "");
  EXPECT_EQ(endpoint.password, "");
  EXPECT_EQ(endpoint.database, 0);
  EXPECT_EQ(ParseRedisUrl("redis://localhost/").database, 0);
}

TEST(ParseRedisUrl, ReadsPortAndDatabase) {
  const RedisEndpoint endpoint = ParseRedisUrl("redis://10.0.0.5:6380/3");
  EXPECT_EQ(endpoint.host, "10.0.0.5");
  EXPECT_EQ(endpoint.port, 6380);
  EXPECT_EQ(endpoint.database, 3);
}

TEST(ParseRedisUrl, ReadsPasswordOnly) {
  const RedisEndpoint endpoint = ParseRedisUrl("redis://:pw@h:1/2");
  EXPECT_EQ(endpoint.host, "h");
  EXPECT_EQ(endpoint.port, 1);
  EXPECT_EQ(endpoint.username, "");
  EXPECT_EQ(endpoint.password, "pw");
  EXPECT_EQ(endpoint.database, 2);
}

TEST(ParseRedisUrl, ReadsUserAndPassword) {
  const RedisEndpoint endpoint = ParseRedisUrl("redis://app:s3cret@cache.internal:6390");
  EXPECT_EQ(endpoint.host, "cache.internal");
  EXPECT_EQ(endpoint.port, 6390);
  EXPECT_EQ(endpoint.username, "app");
  EXPECT_EQ(endpoint.password, "s3cret");
}

TEST(ParseRedisUrl, DecodesPercentEscapesInCredentials) {
  const RedisEndpoint endpoint = ParseRedisUrl("redis://a%40b:p%3Aw%2F@h");
  EXPECT_EQ(endpoint.username, "a@b");
  EXPECT_EQ(endpoint.password, "p:w/");
  // An unencoded '@' in the password still works: the last '@' ends the credentials.
  EXPECT_EQ(ParseRedisUrl("redis://:p@ss@h").password, "p@ss");
}

TEST(ParseRedisUrl, ReadsBracketedIpv6Host) {
  const RedisEndpoint endpoint = ParseRedisUrl("redis://[::1]:7000/1");
  EXPECT_EQ(endpoint.host, "::1");
  EXPECT_EQ(endpoint.port, 7000);
  EXPECT_EQ(endpoint.database, 1);
}

TEST(ParseRedisUrl, RejectsBadScheme) {
  EXPECT_THAT(ErrorFor("http://localhost:6379"), HasSubstr("scheme"));
  EXPECT_THAT(ErrorFor("localhost:6379"), HasSubstr("scheme"));
  EXPECT_THAT(ErrorFor("rediss://localhost"), HasSubstr("TLS"));
}

TEST(ParseRedisUrl, RejectsBadPort) {
  for (const char* url : {"redis://h:abc", "redis://h:0", "redis://h:65536",
                          "redis://h:", "redis://h:-1", "redis://h:+80", "redis://h:80x"}) {
    EXPECT_THAT(ErrorFor(url), HasSubstr("port")) << url;
  }
}

TEST(ParseRedisUrl, RejectsBadDatabase) {
  for (const char* url :
       {"redis://h/abc", "redis://h/-1", "redis://h/1/2", "redis://h/99999999999"}) {
    EXPECT_THAT(ErrorFor(url), HasSubstr("database")) << url;
  }
}

TEST(ParseRedisUrl, RejectsOtherMalformedParts) {
  EXPECT_THAT(ErrorFor("redis://"), HasSubstr("host"));
  EXPECT_THAT(ErrorFor("redis://:pw@:6379"), HasSubstr("host"));
  EXPECT_THAT(ErrorFor("redis://pw@h"), HasSubstr("credentials"));
  EXPECT_THAT(ErrorFor("redis://h?db=1"), HasSubstr("query"));
  EXPECT_THAT(ErrorFor("redis://:bad%zz@h"), HasSubstr("escape"));
  EXPECT_THAT(ErrorFor("redis://::1:6379"), HasSubstr("IPv6"));
}

TEST(ParseRedisUrl, ErrorsNeverRepeatThePassword) {
  for (const char* url : {"redis://:hunter2-secret@h:bad", "redis://u:hunter2-secret@h/x",
                          "redis://u:hunter2-secret@", "redis://:hunter2/secret@h"}) {
    EXPECT_THAT(ErrorFor(url), Not(HasSubstr("secret"))) << url;
  }
}

}  // namespace
}  // namespace store::redis
