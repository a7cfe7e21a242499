// The only translation unit that includes Asio and Beast: they cost seconds per file to compile,
// and the rest of the service sees plain Request/Response values.
#include "http/server.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <unordered_set>
#include <vector>

#include "http/api_error.hpp"
#include "http/client_ip.hpp"
#include "http/concurrency_quota.hpp"
#include "http/event_stream.hpp"
#include "http/pending_response.hpp"
#include "http/request_context.hpp"
#include "http/response_writer.hpp"

namespace http {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using boost::system::error_code;

constexpr auto kAsTuple = net::as_tuple(net::use_awaitable);
constexpr std::size_t kFirstReadBytes = 8 * 1024;
// A rejected request's unread body is drained for at most this long / this much before the
// close, so the client reads our 413 instead of a connection reset.
constexpr auto kLingerTime = std::chrono::seconds(2);
constexpr std::size_t kLingerBytes = 8 * 1024 * 1024;
constexpr auto kPollPending = std::chrono::seconds(1);
constexpr std::string_view kLastChunk = "0\r\n\r\n";  // ends a chunked body

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // Touched only on the connection's strand. True while waiting for the first byte of the next
  // request: the only state in which a shutdown may close the connection.
  bool idle = true;
  // Set while the connection streams events: wakes the stream so it can notice a shutdown.
  std::function<void()> wake_stream;
  // The connection's place in its client address's quota, given back when it closes.
  std::optional<ConcurrencyQuota::Permit> address_permit;
};

// A named pool for Execution::kIsolated routes, with its own bound.
struct IsolatedPool {
  IsolatedPool(std::size_t thread_count, std::size_t queue_limit)
      : threads(thread_count), limit(queue_limit) {}
  net::thread_pool threads;
  std::atomic<std::size_t> jobs{0};
  const std::size_t limit;
};

std::size_t DefaultThreads(std::size_t configured, std::size_t per_core) {
  if (configured > 0) return configured;
  return std::max<std::size_t>(1, std::thread::hardware_concurrency()) * per_core;
}

bool IsClientGone(const error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == net::error::eof ||
         ec == net::error::connection_reset || ec == net::error::operation_aborted ||
         ec == beast::error::timeout || ec == bhttp::error::partial_message ||
         ec == net::error::broken_pipe;
}

}  // namespace

class Server::Impl {
 public:
  Impl(ServerOptions options, const Dispatcher& dispatcher, HttpMetrics& metrics)
      : options_(std::move(options)),
        dispatcher_(dispatcher),
        metrics_(metrics),
        io_threads_(DefaultThreads(options_.io_threads, 1)),
        ioc_(static_cast<int>(io_threads_)),
        control_(net::make_strand(ioc_)),
        acceptor_(control_),
        signals_(control_, SIGINT, SIGTERM),
        drained_(control_),
        workers_(DefaultThreads(options_.worker_threads, 2)),
        trusted_proxies_(options_.trusted_proxies),
        address_quota_(options_.max_connections_per_ip),
        default_headers_(SecurityHeaders(options_.security)) {
    for (const auto& pool : options_.isolated_pools) {
      pools_.emplace(pool.name, std::make_unique<IsolatedPool>(
                                    std::max<std::size_t>(1, pool.threads), pool.queue_limit));
    }
    for (const Route& route : dispatcher_.router().routes()) {
      if (route.execution == Execution::kIsolated && !pools_.contains(route.pool)) {
        throw std::invalid_argument("route " + route.path + " names the pool \"" + route.pool +
                                    "\", which ServerOptions::isolated_pools does not define");
      }
    }
  }

  std::uint16_t Listen() {
    const tcp::endpoint endpoint(net::ip::make_address(options_.host), options_.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(net::socket_base::max_listen_connections);
    return acceptor_.local_endpoint().port();
  }

  void Run() {
    WaitForSignal();
    net::co_spawn(control_, AcceptLoop(), [](std::exception_ptr error) {
      LogUnexpected(error, "the accept loop stopped");
    });
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < io_threads_; ++i) threads.emplace_back([this] { ioc_.run(); });
    ioc_.run();
    for (auto& thread : threads) thread.join();
    workers_.stop();
    workers_.join();
    for (auto& [name, pool] : pools_) {
      pool->threads.stop();
      pool->threads.join();
    }
  }

  void RequestShutdown() {
    net::post(control_, [this] { BeginShutdown(); });
  }

 private:
  static void LogUnexpected(const std::exception_ptr& error, std::string_view what) {
    if (!error) return;
    try {
      std::rethrow_exception(error);
    } catch (const std::exception& e) {
      spdlog::error("{}: {}", what, e.what());
    } catch (...) {
      spdlog::error("{}: unknown exception", what);
    }
  }

  void WaitForSignal() {
    signals_.async_wait([this](const error_code& ec, int signal_number) {
      if (ec) return;
      if (!stopping_) {
        spdlog::info("received {}; finishing in-flight requests (at most {} ms)",
                     signal_number == SIGTERM ? "SIGTERM" : "SIGINT",
                     options_.shutdown_grace.count());
        BeginShutdown();
        WaitForSignal();
      } else {
        spdlog::warn("second signal: stopping without waiting for in-flight requests");
        ioc_.stop();
      }
    });
  }

  // Runs on the control strand.
  void BeginShutdown() {
    if (stopping_.exchange(true)) return;
    error_code ignored;
    acceptor_.close(ignored);
    bool drained = false;
    {
      std::lock_guard lock(mutex_);
      drained = connections_.empty();
      spdlog::info("stopped accepting connections; {} open", connections_.size());
      for (const auto& connection : connections_) {
        net::post(connection->stream.get_executor(), [connection] {
          if (connection->idle) {
            connection->stream.cancel();
          } else if (connection->wake_stream) {
            connection->wake_stream();
          }
        });
      }
    }
    if (drained) return FinishShutdown();
    drained_.expires_after(options_.shutdown_grace);
    drained_.async_wait([this](const error_code&) { FinishShutdown(); });
  }

  // Runs on the control strand, once every connection closed or the grace period ended.
  void FinishShutdown() {
    std::size_t remaining = 0;
    {
      std::lock_guard lock(mutex_);
      remaining = connections_.size();
    }
    if (remaining > 0) {
      spdlog::warn("{} connection(s) still busy after the grace period; closing them", remaining);
    }
    signals_.cancel();
    ioc_.stop();
  }

  net::awaitable<void> AcceptLoop() {
    for (;;) {
      auto [ec, socket] = co_await acceptor_.async_accept(net::make_strand(ioc_), kAsTuple);
      if (stopping_ || !acceptor_.is_open()) co_return;
      if (ec) {
        spdlog::warn("accept failed: {}", ec.message());
        // Out of descriptors, typically: back off instead of spinning.
        net::steady_timer pause(control_, std::chrono::milliseconds(50));
        co_await pause.async_wait(kAsTuple);
        continue;
      }
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      const auto remote = socket.remote_endpoint(ignored);
      const std::string address = ignored ? std::string() : remote.address().to_string();
      auto connection = std::make_shared<Connection>(tcp::socket(std::move(socket)));
      if (!address.empty() && !trusted_proxies_.Contains(address)) {
        connection->address_permit = address_quota_.TryAcquire(address);
        if (!connection->address_permit) {
          Reject(connection,
                 ApiError(429, "too_many_connections", "Too Many Requests",
                          "This address has " + std::to_string(address_quota_.limit()) +
                              " connections open, the most allowed; close some and retry."));
          continue;
        }
      }
      bool admitted = false;
      {
        std::lock_guard lock(mutex_);
        if (connections_.size() < options_.max_connections) {
          connections_.insert(connection);
          admitted = true;
        }
      }
      if (!admitted) {
        Reject(connection, ApiError(503, "too_many_connections", "Service Unavailable",
                                    "The server has reached its connection limit; retry shortly."));
        continue;
      }
      metrics_.ConnectionOpened();
      net::co_spawn(connection->stream.get_executor(), Session(connection),
                    [this, connection](std::exception_ptr error) {
                      LogUnexpected(error, "a connection ended with an error");
                      Unregister(connection);
                    });
    }
  }

  void Unregister(const std::shared_ptr<Connection>& connection) {
    bool drained = false;
    {
      std::lock_guard lock(mutex_);
      connections_.erase(connection);
      drained = connections_.empty();
    }
    metrics_.ConnectionClosed();
    if (drained && stopping_) net::post(control_, [this] { drained_.cancel(); });
  }

  void Reject(const std::shared_ptr<Connection>& connection, ApiError error) {
    metrics_.ConnectionRejected();
    error.WithHeader("Retry-After", "1");
    net::co_spawn(
        connection->stream.get_executor(), RejectConnection(connection, std::move(error)),
        [](std::exception_ptr failure) { LogUnexpected(failure, "rejecting a connection"); });
  }

  // Over a connection limit: a short answer instead of a silent reset, then close.
  net::awaitable<void> RejectConnection(std::shared_ptr<Connection> connection, ApiError error) {
    Response response = ProblemResponse(error);
    co_await Write(*connection, response, false, 11, false);
    co_await Close(*connection, false);
  }

  net::awaitable<void> Session(std::shared_ptr<Connection> connection) {
    Connection& conn = *connection;
    error_code ignored;
    const auto remote = conn.stream.socket().remote_endpoint(ignored);
    const std::string peer = ignored ? std::string("unknown") : remote.address().to_string();
    beast::flat_buffer buffer;
    bool linger = false;
    bool first_request = true;

    for (;;) {
      if (buffer.size() == 0) {
        if (stopping_) break;
        conn.idle = true;
        // A new connection has the header timeout from accept: a socket that sends nothing
        // must not hold a slot for the whole keep-alive time.
        conn.stream.expires_after(first_request ? options_.header_timeout : options_.idle_timeout);
        first_request = false;
        auto [ec, n] =
            co_await conn.stream.async_read_some(buffer.prepare(kFirstReadBytes), kAsTuple);
        conn.idle = false;
        if (ec) break;  // idle timeout, client closed, or shutdown
        buffer.commit(n);
      }

      bhttp::request_parser<bhttp::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options_.max_header_bytes));
      parser.body_limit(options_.max_body_bytes);
      parser.eager(true);
      // Usually the whole request came with the first read: parse it in place, without another
      // asynchronous round trip.
      error_code parse_ec;
      buffer.consume(parser.put(buffer.data(), parse_ec));
      if (parse_ec && parse_ec != bhttp::error::need_more) {
        linger = co_await AnswerUnreadable(conn, parse_ec, peer);
        break;
      }
      if (!parser.is_header_done()) {
        conn.stream.expires_after(options_.header_timeout);
        auto [header_ec, header_n] =
            co_await bhttp::async_read_header(conn.stream, buffer, parser, kAsTuple);
        if (header_ec) {
          linger = co_await AnswerUnreadable(conn, header_ec, peer);
          break;
        }
      }
      if (!parser.is_done()) {
        const auto expect = parser.get()[bhttp::field::expect];
        if (beast::iequals(expect, "100-continue")) {
          static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
          conn.stream.expires_after(options_.write_timeout);
          auto [continue_ec, continue_n] =
              co_await net::async_write(conn.stream, net::buffer(kContinue), kAsTuple);
          if (continue_ec) break;
        }
        conn.stream.expires_after(options_.body_timeout);
        auto [body_ec, body_n] = co_await bhttp::async_read(conn.stream, buffer, parser, kAsTuple);
        if (body_ec) {
          linger = co_await AnswerUnreadable(conn, body_ec, peer);
          break;
        }
      }

      auto& message = parser.get();
      const unsigned version = message.version();
      const bool client_keeps_alive = message.keep_alive();
      Request request = ToRequest(message, peer);
      if (request.target.empty() || request.target.front() != '/') {
        // Absolute-form and asterisk-form targets are for proxies; this is an origin server.
        co_await AnswerError(conn,
                             ApiError(400, "bad_target", "Bad Request",
                                      "The request target must be an absolute path."),
                             peer, version);
        break;
      }

      const auto started = std::chrono::steady_clock::now();
      metrics_.RequestStarted();
      const Route* route = dispatcher_.Match(request);
      // Not a conditional expression: g++ 12 miscompiles co_await inside ?: .
      Response response;
      if (route && route->execution == Execution::kWorker) {
        response =
            co_await HandleOnPool(workers_, worker_jobs_, options_.worker_queue_limit, request);
      } else if (route && route->execution == Execution::kIsolated) {
        IsolatedPool& pool = *pools_.at(route->pool);
        response = co_await HandleOnPool(pool.threads, pool.jobs, pool.limit, request);
      } else {
        response = dispatcher_.Handle(request);
      }
      if (response.pending) response = co_await AwaitPending(conn, response.pending);
      if (response.stream && response.status == 200) {
        co_await StreamEvents(conn, request, response, version, started);
        break;  // a stream ends its connection
      }
      const bool keep_alive = client_keeps_alive && !stopping_;
      const bool written = co_await Finish(conn, request, response, version, keep_alive, started);
      if (!written || !keep_alive) break;
    }
    co_await Close(conn, linger);
  }

  static Request ToRequest(bhttp::request<bhttp::string_body>& message, const std::string& peer) {
    Request request;
    request.method_name = std::string(message.method_string());
    request.method = ParseMethod(request.method_name);
    request.target = std::string(message.target());
    const auto question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    for (const auto& field : message) request.headers.Add(field.name_string(), field.value());
    request.body = std::move(message.body());
    request.peer_address = peer;
    request.client_ip = peer;
    const auto supplied_id = request.headers.Find("X-Request-ID");
    request.request_id = supplied_id && IsAcceptableRequestId(*supplied_id)
                             ? std::string(*supplied_id)
                             : NewRequestId();
    return request;
  }

  net::awaitable<Response> HandleOnPool(net::thread_pool& pool, std::atomic<std::size_t>& jobs,
                                        std::size_t limit, Request& request) {
    if (jobs.fetch_add(1) >= limit) {
      jobs.fetch_sub(1);
      co_return ProblemResponse(ApiError(503, "server_busy", "Service Unavailable",
                                         "The server is at capacity; retry shortly.")
                                    .WithHeader("Retry-After", "1"));
    }
    Response response = co_await net::co_spawn(
        pool.get_executor(),
        [this, &request]() -> net::awaitable<Response> { co_return dispatcher_.Handle(request); },
        net::use_awaitable);
    jobs.fetch_sub(1);
    co_return response;
  }

  // Waits, without a thread, until another thread completes the response; 504 after
  // pending_timeout.
  net::awaitable<Response> AwaitPending(Connection& conn,
                                        std::shared_ptr<PendingResponse> pending) {
    auto timer = std::make_shared<net::steady_timer>(conn.stream.get_executor());
    const std::weak_ptr<net::steady_timer> weak_timer = timer;
    const auto executor = conn.stream.get_executor();
    pending->OnComplete([executor, weak_timer] {
      net::post(executor, [weak_timer] {
        if (auto alive = weak_timer.lock()) alive->cancel();
      });
    });
    // However this coroutine ends (even destroyed unresumed at shutdown), the completing thread
    // must not post to this connection's executor afterwards.
    struct ForgetOnExit {
      std::shared_ptr<PendingResponse> pending;
      ~ForgetOnExit() { pending->Forget(); }
    } forget{pending};
    const auto deadline = std::chrono::steady_clock::now() + options_.pending_timeout;
    for (;;) {
      if (std::optional<Response> response = pending->Take()) co_return std::move(*response);
      if (std::chrono::steady_clock::now() >= deadline) break;
      // Also wakes now and then, in case a wake-up raced the timer's start.
      timer->expires_at(std::min(deadline, std::chrono::steady_clock::now() + kPollPending));
      co_await timer->async_wait(kAsTuple);
    }
    co_return ProblemResponse(
        ApiError(504, "timeout", "Gateway Timeout", "The answer took too long; retry later."));
  }

  // Records metrics, sends the response, and writes the access log line. False when the write
  // failed. Metrics are recorded before the write so that a client holding the answer can
  // already see it counted.
  net::awaitable<bool> Finish(Connection& conn, const Request& request, Response& response,
                              unsigned version, bool keep_alive,
                              std::chrono::steady_clock::time_point started) {
    response.headers.Set("X-Request-ID", request.request_id);
    const int status = response.status;
    const std::size_t bytes = response.body.size();
    const auto elapsed = std::chrono::steady_clock::now() - started;
    metrics_.RequestFinished(MethodName(request.method), request.route_template, status, elapsed);
    const bool written =
        co_await Write(conn, response, request.method == Method::kHead, version, keep_alive);
    if (options_.access_log) {
      RequestIdScope scope(request.request_id);
      spdlog::info("{} {} {} {} {}B {:.2f}ms{}", request.client_ip, request.method_name,
                   request.path, status, bytes,
                   std::chrono::duration<double, std::milli>(elapsed).count(),
                   written ? "" : " (client gone before the response was sent)");
    }
    co_return written;
  }

  // Sends a streamed response (Server-Sent Events): the head, then whatever the stream has each
  // time it wakes the connection, a heartbeat comment after stream_heartbeat of silence, and the
  // end of the body once the stream ends, the client goes away, its sign-in no longer holds
  // (checked at every heartbeat), or the server shuts down.
  net::awaitable<void> StreamEvents(Connection& conn, const Request& request, Response& response,
                                    unsigned version,
                                    std::chrono::steady_clock::time_point started) {
    using Clock = std::chrono::steady_clock;
    const auto heartbeat = options_.stream_heartbeat;
    // Streams are also polled this often, for changes made by another instance of the service.
    constexpr auto kPollEvery = std::chrono::seconds(1);
    const std::shared_ptr<EventStream> stream = response.stream;
    response.headers.Set("X-Request-ID", request.request_id);
    response.headers.Set("Cache-Control", "no-store");
    response.headers.Set("X-Accel-Buffering", "no");  // nginx must not hold events back
    const bool chunked = version != 10;
    const std::string head = SerializeStreamHead(response, version, default_headers_);
    metrics_.RequestFinished(MethodName(request.method), request.route_template, response.status,
                             Clock::now() - started);
    if (options_.access_log) {
      RequestIdScope scope(request.request_id);
      spdlog::info("{} {} {} {} stream opened", request.client_ip, request.method_name,
                   request.path, response.status);
    }

    auto timer = std::make_shared<net::steady_timer>(conn.stream.get_executor());
    const auto executor = conn.stream.get_executor();
    const std::weak_ptr<net::steady_timer> weak_timer = timer;
    auto wake = [executor, weak_timer] {
      net::post(executor, [weak_timer] {
        if (auto alive = weak_timer.lock()) alive->cancel();
      });
    };
    conn.wake_stream = wake;
    stream->OnReady(wake);

    const auto write = [&](std::string_view bytes) -> net::awaitable<bool> {
      conn.stream.expires_after(options_.write_timeout);
      auto [ec, n] = co_await net::async_write(conn.stream, net::buffer(bytes), kAsTuple);
      co_return !ec;
    };
    bool open = co_await write(head);
    if (request.method == Method::kHead) open = false;
    auto last_write = Clock::now();
    std::size_t events_bytes = 0;
    while (open && !stopping_) {
      const std::optional<std::string> data = stream->Poll();
      if (!data) {
        if (chunked) co_await write(kLastChunk);
        break;
      }
      if (!data->empty()) {
        const std::string piece = chunked ? Chunk(*data) : *data;
        open = co_await write(piece);
        events_bytes += data->size();
        last_write = Clock::now();
        continue;
      }
      const auto heartbeat_at = last_write + heartbeat;
      timer->expires_at(std::min(heartbeat_at, Clock::now() + kPollEvery));
      co_await timer->async_wait(kAsTuple);
      if (Clock::now() >= heartbeat_at) {
        // Named, not a temporary with captures: g++ 12 destroys such temporaries of a co_await
        // expression twice.
        net::awaitable<bool> check = AskStillAuthorized(stream);
        const bool authorized =
            co_await net::co_spawn(workers_.get_executor(), std::move(check), net::use_awaitable);
        if (!authorized) {
          if (chunked) co_await write(kLastChunk);
          break;
        }
        static constexpr std::string_view kBeat = ": heartbeat\n\n";
        const std::string beat = chunked ? Chunk(kBeat) : std::string(kBeat);
        open = co_await write(beat);
        last_write = Clock::now();
      }
    }
    conn.wake_stream = nullptr;
    stream->Close();
    if (options_.access_log) {
      RequestIdScope scope(request.request_id);
      spdlog::info("{} {} {} stream closed after {} bytes", request.client_ip, request.method_name,
                   request.path, events_bytes);
    }
  }

  static net::awaitable<bool> AskStillAuthorized(std::shared_ptr<EventStream> stream) {
    co_return stream->StillAuthorized();
  }

  // Answers a request that could not be read in full, when an answer is possible. Returns
  // whether the close should drain what the client is still sending.
  net::awaitable<bool> AnswerUnreadable(Connection& conn, const error_code& ec,
                                        const std::string& peer) {
    if (IsClientGone(ec)) co_return false;
    co_await AnswerError(conn, UnreadableRequestError(ec), peer, 11);
    co_return true;
  }

  ApiError UnreadableRequestError(const error_code& ec) const {
    if (ec == bhttp::error::header_limit) {
      return ApiError(
          431, "headers_too_large", "Request Header Fields Too Large",
          "The request headers exceed " + std::to_string(options_.max_header_bytes) + " bytes.");
    }
    if (ec == bhttp::error::body_limit) {
      return ApiError(
          413, "body_too_large", "Content Too Large",
          "The request body exceeds " + std::to_string(options_.max_body_bytes) + " bytes.");
    }
    return ApiError(400, "malformed_request", "Bad Request", "The request is not valid HTTP/1.1.");
  }

  net::awaitable<void> AnswerError(Connection& conn, const ApiError& error, const std::string& peer,
                                   unsigned version) {
    Request request;
    request.method_name = "-";
    request.path = "-";
    request.peer_address = peer;
    request.client_ip = peer;
    request.request_id = NewRequestId();
    Response response = ProblemResponse(error);
    metrics_.RequestStarted();
    co_await Finish(conn, request, response, version, false, std::chrono::steady_clock::now());
  }

  net::awaitable<bool> Write(Connection& conn, Response& response, bool head_only, unsigned version,
                             bool keep_alive) {
    // Serialized by hand into one buffer: Beast's serializer costs more than the request.
    const std::string wire =
        SerializeResponse(response, version, keep_alive, head_only, default_headers_);
    conn.stream.expires_after(options_.write_timeout);
    auto [ec, n] = co_await net::async_write(conn.stream, net::buffer(wire), kAsTuple);
    co_return !ec;
  }

  // Half-closes, optionally drains what the client still sends, then closes.
  net::awaitable<void> Close(Connection& conn, bool linger) {
    error_code ignored;
    conn.stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (linger) {
      std::vector<char> sink(64 * 1024);
      std::size_t drained = 0;
      conn.stream.expires_after(kLingerTime);
      while (drained < kLingerBytes) {
        auto [ec, n] = co_await conn.stream.async_read_some(net::buffer(sink), kAsTuple);
        if (ec) break;
        drained += n;
      }
    }
    conn.stream.socket().close(ignored);
  }

  ServerOptions options_;
  const Dispatcher& dispatcher_;
  HttpMetrics& metrics_;
  std::size_t io_threads_;
  net::io_context ioc_;
  net::strand<net::io_context::executor_type> control_;  // acceptor, signals, shutdown
  tcp::acceptor acceptor_;
  net::signal_set signals_;
  net::steady_timer drained_;
  net::thread_pool workers_;
  std::map<std::string, std::unique_ptr<IsolatedPool>> pools_;
  const TrustedProxies trusted_proxies_;
  ConcurrencyQuota address_quota_;
  const std::vector<HeaderField> default_headers_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> worker_jobs_{0};
  std::mutex mutex_;
  std::unordered_set<std::shared_ptr<Connection>> connections_;
};

Server::Server(ServerOptions options, const Dispatcher& dispatcher, HttpMetrics& metrics)
    : impl_(std::make_unique<Impl>(std::move(options), dispatcher, metrics)) {}

Server::~Server() = default;

std::uint16_t Server::Listen() { return impl_->Listen(); }
void Server::Run() { impl_->Run(); }
void Server::RequestShutdown() { impl_->RequestShutdown(); }

}  // namespace http
