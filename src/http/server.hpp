#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/dispatcher.hpp"
#include "http/metrics.hpp"
#include "http/security_headers.hpp"

namespace http {

// A pool of threads of its own for routes with Execution::kIsolated and this name.
struct IsolatedPoolOptions {
  std::string name;
  std::size_t threads = 1;
  std::size_t queue_limit = 32;  // requests queued or running before 503
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8000;             // 0 picks a free port; Listen() returns it
  std::size_t io_threads = 0;            // 0 = one per core
  std::size_t worker_threads = 0;        // 0 = two per core; runs Execution::kWorker handlers
  std::size_t worker_queue_limit = 256;  // requests queued or running on workers before 503
  std::vector<IsolatedPoolOptions> isolated_pools;
  std::size_t max_body_bytes = 1024 * 1024;
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_connections = 10000;
  // Per client address, so one client cannot take every slot. Peers in trusted_proxies (which
  // carry many clients' connections) are exempt; the proxy limits its clients itself.
  std::size_t max_connections_per_ip = 256;
  std::vector<std::string> trusted_proxies;
  // From accept (or the first byte of a later request) to the end of the headers.
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};  // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds shutdown_grace{20'000};    // in-flight requests get this long
  std::chrono::milliseconds stream_heartbeat{15'000};  // event streams: a comment, and a check
  std::chrono::milliseconds pending_timeout{300'000};  // a PendingResponse after this: 504
  SecurityHeaderOptions security;
  bool access_log = true;
};

// The HTTP/1.1 server: a listener, one coroutine per connection, the limits and timeouts of
// ServerOptions, and graceful shutdown on SIGTERM/SIGINT. It knows no resource: every request
// goes through the Dispatcher.
class Server {
 public:
  Server(ServerOptions options, const Dispatcher& dispatcher, HttpMetrics& metrics);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; returns the bound port. Throws std::system_error when the address is
  // unavailable.
  std::uint16_t Listen();

  // Serves until SIGTERM/SIGINT or RequestShutdown(), then stops accepting, lets in-flight
  // requests finish within shutdown_grace, closes idle connections and returns. A second signal
  // stops at once.
  void Run();

  // Starts the graceful shutdown; safe from any thread.
  void RequestShutdown();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace http
