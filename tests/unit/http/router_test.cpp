#include "http/router.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace http {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

Handler Named(std::string name) {
  return [name](const Request&) { return Response::Text(200, name, "text/plain"); };
}

Route Row(Method method, std::string path) {
  return Route{method,          path,  Named(std::string(MethodName(method)) + " " + path),
               Access::kPublic, false, Execution::kInline,
               "test route"};
}

std::string Dispatch(const Router& router, Method method, std::string path,
                     Request* out = nullptr) {
  Request request;
  request.method = method;
  request.path = std::move(path);
  const Route* route = router.Match(request);
  if (out) *out = request;
  return route ? route->handler(request).body : "";
}

TEST(Router, MatchesLiteralsAndCapturesDecodedParameters) {
  const Router router({Row(Method::kGet, "/api/projects"), Row(Method::kGet, "/api/projects/{id}"),
                       Row(Method::kGet, "/api/projects/{id}/jobs/{job}")});
  Request request;
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects"), "GET /api/projects");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/a%20b/jobs/7", &request),
            "GET /api/projects/{id}/jobs/{job}");
  EXPECT_THAT(request.path_params, ElementsAre(Pair("id", "a b"), Pair("job", "7")));
  EXPECT_EQ(request.route_template, "/api/projects/{id}/jobs/{job}");
  EXPECT_EQ(request.PathParam("job"), "7");
}

TEST(Router, LiteralSegmentsWinAndFallBackToParametersWhenTheyDeadEnd) {
  const Router router(
      {Row(Method::kGet, "/api/projects/export"), Row(Method::kGet, "/api/projects/{id}/jobs")});
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/export"), "GET /api/projects/export");
  Request request;
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/export/jobs", &request),
            "GET /api/projects/{id}/jobs");
  EXPECT_EQ(request.PathParam("id"), "export");
}

TEST(Router, DoesNotMatchPrefixesTrailingSlashesOrEmptyParameters) {
  const Router router({Row(Method::kGet, "/api/projects/{id}")});
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects"), "");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/"), "");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/1/"), "");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/1/x"), "");
  EXPECT_EQ(Dispatch(router, Method::kGet, "/api/projects/%zz"), "");  // malformed escape
}

TEST(Router, HeadFollowsGetAndOtherMethodsListWhatIsAllowed) {
  const Router router(
      {Row(Method::kGet, "/api/items/{id}"), Row(Method::kDelete, "/api/items/{id}")});
  EXPECT_EQ(Dispatch(router, Method::kHead, "/api/items/3"), "GET /api/items/{id}");
  Request request;
  EXPECT_EQ(Dispatch(router, Method::kPost, "/api/items/3", &request), "");
  EXPECT_THAT(request.allowed_methods, ElementsAre(Method::kGet, Method::kDelete, Method::kHead));
  EXPECT_EQ(request.route_template, "/api/items/{id}");
  Request unknown;
  EXPECT_EQ(Dispatch(router, Method::kPost, "/api/other", &unknown), "");
  EXPECT_TRUE(unknown.allowed_methods.empty());
}

TEST(Router, RefusesDuplicateRowsAndAmbiguousTemplates) {
  EXPECT_THROW(Router({Row(Method::kGet, "/a/{id}"), Row(Method::kGet, "/a/{id}")}),
               std::invalid_argument);
  EXPECT_THROW(Router({Row(Method::kGet, "/a/{id}"), Row(Method::kPost, "/a/{key}")}),
               std::invalid_argument);
  EXPECT_THROW(Router({Row(Method::kGet, "no-slash")}), std::invalid_argument);
  EXPECT_THROW(Router({Row(Method::kHead, "/a")}), std::invalid_argument);
  EXPECT_THROW(Router({Row(Method::kGet, "/a/x{id}")}), std::invalid_argument);
  EXPECT_NO_THROW(Router({Row(Method::kGet, "/a/{id}"), Row(Method::kPost, "/a/{id}")}));
}

}  // namespace
}  // namespace http
