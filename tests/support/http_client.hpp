#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace testing_support {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names; repeated fields joined by ", "
  std::vector<std::pair<std::string, std::string>> header_list;  // as received, in order
  std::string body;

  // Every value of a header that may repeat (Set-Cookie).
  std::vector<std::string> HeaderValues(std::string_view name) const;

  // The header's value, or "" when absent.
  std::string Header(std::string_view name) const;
  bool HasHeader(std::string_view name) const;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// A plain blocking HTTP/1.1 client over one loopback TCP connection, so tests control every
// byte: partial requests, slow clients, keep-alive, pipelining.
class HttpConnection {
 public:
  // `source_address`: a loopback address (127.0.0.2, ...) to connect from, so a test can act
  // as several clients; empty: the system's choice (127.0.0.1).
  explicit HttpConnection(std::uint16_t port, const std::string& source_address = {});
  ~HttpConnection();
  HttpConnection(const HttpConnection&) = delete;
  HttpConnection& operator=(const HttpConnection&) = delete;

  void Send(std::string_view bytes);

  // Sends a request (adding Host and Content-Length) and reads its response.
  HttpResponse Request(std::string_view method, std::string_view target,
                       const HeaderList& headers = {}, std::string_view body = {});

  // Reads one response (an interim 1xx included). nullopt when the connection closed or the
  // timeout passed first.
  std::optional<HttpResponse> ReadResponse(std::chrono::milliseconds timeout,
                                           bool head_request = false);

  // Reads only the status line and headers (of a streamed response, say); the body stays
  // unread. nullopt when the connection closed or the timeout passed first.
  std::optional<HttpResponse> ReadHead(std::chrono::milliseconds timeout);

  // Raw bytes up to and including `marker` (chunk framing included); nullopt when the connection
  // closed or the timeout passed first.
  std::optional<std::string> ReadUntil(std::string_view marker, std::chrono::milliseconds timeout);

  // Waits until the server closes the connection. False when the timeout passed first.
  bool WaitForClose(std::chrono::milliseconds timeout);

 private:
  enum class Received { kData, kClosed, kTimeout };
  std::optional<HttpResponse> ReadHeadUntil(std::chrono::steady_clock::time_point deadline);
  // Appends what arrives before the deadline to buffer_.
  Received Receive(std::chrono::steady_clock::time_point deadline);
  // Appends received bytes to buffer_; false on close/error/timeout.
  bool Fill(std::chrono::steady_clock::time_point deadline);

  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection.
HttpResponse HttpGet(std::uint16_t port, std::string_view target, const HeaderList& headers = {});

// Whether a TCP connection to the port is accepted.
bool CanConnect(std::uint16_t port);

}  // namespace testing_support
