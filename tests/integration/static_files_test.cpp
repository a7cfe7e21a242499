// The web UI's files: types, caching, SPA fallback, and no way out of the folder.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kIndex = "<!doctype html><title>Backlog</title><div id=root></div>";
constexpr const char* kScript = "console.log('app');";
constexpr const char* kSecret = "TOP-SECRET-CONTENT-7f3a";

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto dist = dir_.path() / "web" / "dist";
    WriteFile(dist / "index.html", kIndex);
    WriteFile(dist / "assets" / "index-5f2a9c1e.js", kScript);
    WriteFile(dist / "assets" / "style.css", "body{}");
    WriteFile(dist / "favicon.svg", "<svg/>");
    // Things outside the folder that must never be served.
    WriteFile(dir_.path() / "web" / "secret.txt", kSecret);
    WriteFile(dir_.path() / "secret.txt", kSecret);
    std::filesystem::create_symlink(dir_.path() / "secret.txt", dist / "leak.txt");
    std::filesystem::create_symlink(dir_.path(), dist / "assets" / "outside");
    service_ = std::make_unique<Service>(Service::InFolder{dir_.path()}, EnvVars{});
  }

  std::uint16_t port() const { return service_->port(); }

  TempDir dir_;
  std::unique_ptr<Service> service_;
};

TEST_F(StaticFilesTest, ServesIndexAndAssetsWithTheirTypes) {
  const HttpResponse index = HttpGet(port(), "/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.body, kIndex);
  EXPECT_EQ(index.Header("Content-Type"), "text/html; charset=utf-8");
  EXPECT_EQ(index.Header("Cache-Control"), "no-cache");
  EXPECT_THAT(index.Header("Content-Security-Policy"), HasSubstr("frame-ancestors 'none'"));

  const HttpResponse script = HttpGet(port(), "/assets/index-5f2a9c1e.js");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.body, kScript);
  EXPECT_EQ(script.Header("Content-Type"), "text/javascript; charset=utf-8");
  // Content-hashed names never change content: cache for a year.
  EXPECT_EQ(script.Header("Cache-Control"), "public, max-age=31536000, immutable");

  const HttpResponse css = HttpGet(port(), "/assets/style.css");
  EXPECT_EQ(css.Header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_EQ(css.Header("Cache-Control"), "no-cache");  // not hashed
  EXPECT_EQ(HttpGet(port(), "/favicon.svg").Header("Content-Type"), "image/svg+xml");
}

TEST_F(StaticFilesTest, AnswersRevalidationWith304) {
  const HttpResponse first = HttpGet(port(), "/assets/index-5f2a9c1e.js");
  const std::string tag = first.Header("ETag");
  ASSERT_FALSE(tag.empty());
  const HttpResponse again = HttpGet(port(), "/assets/index-5f2a9c1e.js", {{"If-None-Match", tag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.Header("ETag"), tag);
  const HttpResponse weak =
      HttpGet(port(), "/assets/index-5f2a9c1e.js", {{"If-None-Match", "\"other\", W/" + tag}});
  EXPECT_EQ(weak.status, 304);
  const HttpResponse stale =
      HttpGet(port(), "/assets/index-5f2a9c1e.js", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(stale.status, 200);
}

TEST_F(StaticFilesTest, ClientSideRoutesGetIndexButMissingAssetsAndApiPathsGet404) {
  const HttpResponse route = HttpGet(port(), "/projects/42/backlog");
  EXPECT_EQ(route.status, 200);
  EXPECT_EQ(route.body, kIndex);

  const HttpResponse asset = HttpGet(port(), "/assets/missing-1234abcd.js");
  EXPECT_EQ(asset.status, 404);
  EXPECT_EQ(asset.Header("Content-Type"), "application/problem+json");

  const HttpResponse api = HttpGet(port(), "/api/not-a-route");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.Header("Content-Type"), "application/problem+json");
}

TEST_F(StaticFilesTest, HeadGivesTheLengthWithoutTheBody) {
  HttpConnection connection(port());
  const HttpResponse head = connection.Request("HEAD", "/assets/index-5f2a9c1e.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length"), std::to_string(std::string(kScript).size()));
  EXPECT_TRUE(head.body.empty());
  EXPECT_EQ(connection.Request("GET", "/").body, kIndex);  // the connection is still in sync
}

TEST_F(StaticFilesTest, NothingOutsideTheFolderIsEverServed) {
  const char* attempts[] = {
      "/../secret.txt",
      "/../../secret.txt",
      "/assets/../../secret.txt",
      "/%2e%2e/secret.txt",
      "/%2E%2E/%2e%2e/secret.txt",
      "/assets/%2e%2e/%2e%2e/secret.txt",
      "/assets/..%2f..%2fsecret.txt",
      "/..%2fsecret.txt",
      "/..%5csecret.txt",
      "/%252e%252e/secret.txt",
      "/.%2e/secret.txt",
      "//secret.txt",
      "/leak.txt",
      "/assets/outside/secret.txt",
      "/assets/outside/web/secret.txt",
      "/%00/secret.txt",
  };
  for (const char* target : attempts) {
    const HttpResponse response = HttpGet(port(), target);
    EXPECT_THAT(response.body, Not(HasSubstr(kSecret))) << target;
    EXPECT_EQ(response.status, 404) << target;
  }
}

}  // namespace
}  // namespace testing_support
