#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace outbound {

// One outbound HTTP request. The LLM client and the tracker client send theirs through here, so
// libcurl is known to this module alone.
struct HttpCall {
  std::string method = "POST";  // GET, POST, PATCH, PUT, DELETE, OPTIONS
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent when not empty, or always for POST, PATCH and PUT
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds total_timeout{300'000};
  // For a write that must not happen twice: a new connection, because libcurl silently sends a
  // request again when a reused connection closes before any answer, and the first one may
  // have been carried out.
  bool fresh_connection = false;
  // Checked while the call runs; setting it aborts the call promptly.
  const std::atomic<bool>* cancelled = nullptr;
  // Called once the connection stands, just before the request leaves: the last moment a
  // failure certainly means "not sent". Returning false aborts (reported as cancelled).
  std::function<bool()> before_request;
  // Refuses to connect to loopback, private, link-local and other non-public addresses (checked
  // on the resolved address, so a DNS name cannot smuggle one in): for URLs users supply.
  bool public_addresses_only = false;
};

struct HttpReply {
  enum class Failure { kNone, kTimeout, kConnection, kCancelled, kOther };
  Failure failure = Failure::kNone;
  std::string failure_detail;  // curl's message, for the log
  long status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};

// One blocking HTTP(S) request. Implementations are safe to call from many threads at once.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpReply Send(const HttpCall& call) = 0;
};

// libcurl: TLS verification on, http/https only, proxies from the environment (http_proxy,
// https_proxy, no_proxy), one reusable handle per thread so connections are kept alive.
class CurlTransport final : public Transport {
 public:
  CurlTransport();
  HttpReply Send(const HttpCall& call) override;
};

// Counts the requests another transport sends by outcome, for /metrics: "2xx", "3xx", "4xx",
// "429", "5xx", "timeout", "connection", "cancelled", "other".
class CountingTransport final : public Transport {
 public:
  explicit CountingTransport(Transport& inner) : inner_(inner) {}
  HttpReply Send(const HttpCall& call) override;
  std::map<std::string, std::uint64_t> counts() const;

 private:
  Transport& inner_;
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> counts_;
};

}  // namespace outbound
