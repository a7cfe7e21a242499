#include "http/metrics.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>

namespace http {
namespace {

// Label values come from route templates and method names we chose, but escape anyway so a
// future label can never break the exposition format.
std::string EscapeLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string FormatDouble(double value) {
  std::ostringstream out;
  out.precision(9);
  out << value;
  return out.str();
}

}  // namespace

HttpMetrics::HttpMetrics() : started_(std::chrono::system_clock::now()) {}

void HttpMetrics::RequestFinished(std::string_view method, std::string_view route, int status,
                                  std::chrono::nanoseconds duration) {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  const double seconds = std::chrono::duration<double>(duration).count();
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;

  const std::string_view route_label = route.empty() ? std::string_view("unmatched") : route;
  std::lock_guard lock(mutex_);
  auto it = series_.find(std::forward_as_tuple(method, route_label, status));
  if (it == series_.end()) {
    it =
        series_.emplace(Key{std::string(method), std::string(route_label), status}, Series{}).first;
  }
  Series& series = it->second;
  ++series.count;
  series.sum_seconds += seconds;
  if (bucket < series.buckets.size()) ++series.buckets[bucket];
}

std::string HttpMetrics::RenderPrometheus() const {
  std::ostringstream out;
  std::map<Key, Series, std::less<>> snapshot;
  {
    std::lock_guard lock(mutex_);
    snapshot = series_;
  }

  out << "# HELP http_requests_total Requests answered, by method, route template and status.\n"
         "# TYPE http_requests_total counter\n";
  for (const auto& [key, series] : snapshot) {
    const auto& [method, route, status] = key;
    out << "http_requests_total{method=\"" << EscapeLabel(method) << "\",route=\""
        << EscapeLabel(route) << "\",status=\"" << status << "\"} " << series.count << '\n';
  }

  // The histogram is per method and route; statuses are merged.
  std::map<std::pair<std::string, std::string>, Series> by_route;
  for (const auto& [key, series] : snapshot) {
    Series& merged = by_route[{std::get<0>(key), std::get<1>(key)}];
    merged.count += series.count;
    merged.sum_seconds += series.sum_seconds;
    for (std::size_t i = 0; i < series.buckets.size(); ++i) merged.buckets[i] += series.buckets[i];
  }
  out << "# HELP http_request_duration_seconds Time from a complete request to its response.\n"
         "# TYPE http_request_duration_seconds histogram\n";
  for (const auto& [key, series] : by_route) {
    const std::string labels =
        "method=\"" + EscapeLabel(key.first) + "\",route=\"" + EscapeLabel(key.second) + "\"";
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += series.buckets[i];
      out << "http_request_duration_seconds_bucket{" << labels << ",le=\""
          << FormatDouble(kLatencyBuckets[i]) << "\"} " << cumulative << '\n';
    }
    out << "http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << series.count
        << '\n';
    out << "http_request_duration_seconds_sum{" << labels << "} "
        << FormatDouble(series.sum_seconds) << '\n';
    out << "http_request_duration_seconds_count{" << labels << "} " << series.count << '\n';
  }

  out << "# HELP http_requests_in_flight Requests being handled right now.\n"
         "# TYPE http_requests_in_flight gauge\n"
         "http_requests_in_flight "
      << in_flight_.load(std::memory_order_relaxed) << '\n';
  out << "# HELP http_open_connections Client connections open right now.\n"
         "# TYPE http_open_connections gauge\n"
         "http_open_connections "
      << open_connections_.load(std::memory_order_relaxed) << '\n';
  out << "# HELP http_rejected_connections_total Connections refused at the connection limit.\n"
         "# TYPE http_rejected_connections_total counter\n"
         "http_rejected_connections_total "
      << rejected_connections_.load(std::memory_order_relaxed) << '\n';
  out << "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
         "# TYPE process_resident_memory_bytes gauge\n"
         "process_resident_memory_bytes "
      << ProcessResidentBytes() << '\n';
  out << "# HELP process_start_time_seconds Start time of the process since the Unix epoch.\n"
         "# TYPE process_start_time_seconds gauge\n"
         "process_start_time_seconds "
      << std::chrono::duration_cast<std::chrono::seconds>(started_.time_since_epoch()).count()
      << '\n';
  return out.str();
}

std::uint64_t ProcessResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size_pages = 0;
  std::uint64_t resident_pages = 0;
  if (!(statm >> size_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace http
