#include "http/metrics.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace http {
namespace {

using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(HttpMetrics, RendersCountersAndCumulativeHistogramBuckets) {
  HttpMetrics metrics;
  for (std::chrono::nanoseconds duration : {500us, 3000us, 3000us, 2000000us}) {
    metrics.RequestStarted();
    metrics.RequestFinished("GET", "/api/items/{id}", 200, duration);
  }
  metrics.RequestStarted();
  metrics.RequestFinished("GET", "", 404, 1ms);
  metrics.RequestStarted();  // one still in flight

  const std::string text = metrics.RenderPrometheus();
  EXPECT_THAT(
      text,
      HasSubstr(
          "http_requests_total{method=\"GET\",route=\"/api/items/{id}\",status=\"200\"} 4\n"));
  EXPECT_THAT(
      text,
      HasSubstr("http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"));
  const std::string labels = "method=\"GET\",route=\"/api/items/{id}\"";
  EXPECT_THAT(text,
              HasSubstr("http_request_duration_seconds_bucket{" + labels + ",le=\"0.001\"} 1\n"));
  EXPECT_THAT(text,
              HasSubstr("http_request_duration_seconds_bucket{" + labels + ",le=\"0.005\"} 3\n"));
  EXPECT_THAT(text, HasSubstr("http_request_duration_seconds_bucket{" + labels + ",le=\"1\"} 3\n"));
  EXPECT_THAT(text,
              HasSubstr("http_request_duration_seconds_bucket{" + labels + ",le=\"2.5\"} 4\n"));
  EXPECT_THAT(text,
              HasSubstr("http_request_duration_seconds_bucket{" + labels + ",le=\"+Inf\"} 4\n"));
  EXPECT_THAT(text, HasSubstr("http_request_duration_seconds_count{" + labels + "} 4\n"));
  EXPECT_THAT(text, HasSubstr("http_requests_in_flight 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE http_request_duration_seconds histogram\n"));
}

}  // namespace
}  // namespace http
