#include "http/static_files.hpp"

#include <gtest/gtest.h>

namespace http {
namespace {

TEST(StaticRelativePath, MapsRequestPathsToFilesInsideTheFolder) {
  EXPECT_EQ(StaticRelativePath("/"), "index.html");
  EXPECT_EQ(StaticRelativePath("/assets/app.js"), "assets/app.js");
  EXPECT_EQ(StaticRelativePath("/a%20b.txt"), "a b.txt");
}

TEST(StaticRelativePath, RefusesEveryWayOut) {
  for (const char* path : {"/..", "/../x", "/a/../../x", "/%2e%2e/x", "/%2E%2e/x", "/a/..%2f..%2fx",
                           "/./x", "/a//b", "/..%5cx", "/%00", "/%zz", "relative", ""}) {
    EXPECT_FALSE(StaticRelativePath(path).has_value()) << path;
  }
}

TEST(StaticFilesNaming, KnowsHashedAssetsAndContentTypes) {
  EXPECT_TRUE(IsHashedAssetName("assets/index-5f2a9c1e.js"));
  EXPECT_TRUE(IsHashedAssetName("assets/vendor-Bx3_kq9Z.css"));
  EXPECT_FALSE(IsHashedAssetName("assets/style.css"));
  EXPECT_FALSE(IsHashedAssetName("index.html"));
  EXPECT_FALSE(IsHashedAssetName("assets/my-app.js"));
  EXPECT_EQ(ContentTypeFor("a/b.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("font.woff2"), "font/woff2");
  EXPECT_EQ(ContentTypeFor("noextension"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor(".hidden"), "application/octet-stream");
}

}  // namespace
}  // namespace http
