#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace http {

// Request counters, a latency histogram and gauges, rendered in the Prometheus text format.
// Routes are labelled by template ("/api/projects/{id}"), never by raw path, so a scan of
// random URLs cannot blow up the number of series.
class HttpMetrics {
 public:
  static constexpr std::array<double, 12> kLatencyBuckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                          0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  HttpMetrics();

  void RequestStarted() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  // `route` is the matched template, or "" for requests that matched none.
  void RequestFinished(std::string_view method, std::string_view route, int status,
                       std::chrono::nanoseconds duration);
  void ConnectionOpened() { open_connections_.fetch_add(1, std::memory_order_relaxed); }
  void ConnectionClosed() { open_connections_.fetch_sub(1, std::memory_order_relaxed); }
  void ConnectionRejected() { rejected_connections_.fetch_add(1, std::memory_order_relaxed); }

  std::int64_t in_flight() const { return in_flight_.load(std::memory_order_relaxed); }

  // The whole exposition, process metrics included.
  std::string RenderPrometheus() const;

 private:
  struct Series {
    std::uint64_t count = 0;
    double sum_seconds = 0;
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // non-cumulative
  };
  using Key = std::tuple<std::string, std::string, int>;  // method, route, status

  mutable std::mutex mutex_;
  std::map<Key, Series, std::less<>> series_;
  std::atomic<std::int64_t> in_flight_{0};
  std::atomic<std::int64_t> open_connections_{0};
  std::atomic<std::uint64_t> rejected_connections_{0};
  std::chrono::system_clock::time_point started_;
};

// Resident set size of this process in bytes (0 when /proc is unavailable).
std::uint64_t ProcessResidentBytes();

}  // namespace http
