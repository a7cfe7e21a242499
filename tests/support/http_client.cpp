#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace testing_support {
namespace {

constexpr auto kDefaultTimeout = std::chrono::seconds(30);

int Connect(std::uint16_t port, const std::string& source_address) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  if (!source_address.empty()) {
    sockaddr_in source{};
    source.sin_family = AF_INET;
    if (::inet_pton(AF_INET, source_address.c_str(), &source.sin_addr) != 1 ||
        ::bind(fd, reinterpret_cast<sockaddr*>(&source), sizeof source) != 0) {
      ::close(fd);
      throw std::runtime_error("cannot bind to source address " + source_address);
    }
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

std::string HttpResponse::Header(std::string_view name) const {
  const auto it = headers.find(Lower(name));
  return it == headers.end() ? std::string() : it->second;
}

std::vector<std::string> HttpResponse::HeaderValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [field, value] : header_list) {
    if (Lower(field) == Lower(name)) values.push_back(value);
  }
  return values;
}

bool HttpResponse::HasHeader(std::string_view name) const { return headers.contains(Lower(name)); }

HttpConnection::HttpConnection(std::uint16_t port, const std::string& source_address)
    : fd_(Connect(port, source_address)) {
  if (fd_ < 0) throw std::runtime_error("cannot connect to port " + std::to_string(port));
}

HttpConnection::~HttpConnection() {
  if (fd_ >= 0) ::close(fd_);
}

void HttpConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("send failed: " + std::to_string(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

HttpResponse HttpConnection::Request(std::string_view method, std::string_view target,
                                     const HeaderList& headers, std::string_view body) {
  std::string request;
  request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  for (const auto& [name, value] : headers)
    request.append(name).append(": ").append(value).append("\r\n");
  if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
    request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  request.append("\r\n").append(body);
  Send(request);
  auto response = ReadResponse(kDefaultTimeout, method == "HEAD");
  if (!response) throw std::runtime_error("no response to " + std::string(target));
  return std::move(*response);
}

HttpConnection::Received HttpConnection::Receive(std::chrono::steady_clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Received::kTimeout;
    pollfd descriptor{fd_, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, static_cast<int>(left.count()));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return Received::kTimeout;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return Received::kClosed;
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return Received::kData;
  }
}

bool HttpConnection::Fill(std::chrono::steady_clock::time_point deadline) {
  return Receive(deadline) == Received::kData;
}

std::optional<HttpResponse> HttpConnection::ReadHead(std::chrono::milliseconds timeout) {
  return ReadHeadUntil(std::chrono::steady_clock::now() + timeout);
}

std::optional<HttpResponse> HttpConnection::ReadHeadUntil(
    std::chrono::steady_clock::time_point deadline) {
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!Fill(deadline)) return std::nullopt;
  }
  HttpResponse response;
  const std::string head = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);
  std::size_t line_end = head.find("\r\n");
  const std::string status_line = head.substr(0, line_end);
  if (status_line.size() < 12 || !status_line.starts_with("HTTP/1.")) {
    throw std::runtime_error("bad status line: " + status_line);
  }
  response.status = std::stoi(status_line.substr(9, 3));
  while (line_end != std::string::npos) {
    const std::size_t start = line_end + 2;
    line_end = head.find("\r\n", start);
    const std::string line =
        head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.header_list.emplace_back(line.substr(0, colon), value);
    auto& slot = response.headers[Lower(line.substr(0, colon))];
    slot = slot.empty() ? value : slot + ", " + value;
  }
  return response;
}

std::optional<HttpResponse> HttpConnection::ReadResponse(std::chrono::milliseconds timeout,
                                                         bool head_request) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::optional<HttpResponse> head = ReadHeadUntil(deadline);
  if (!head) return std::nullopt;
  HttpResponse& response = *head;
  if (head_request || response.status < 200 || response.status == 204 || response.status == 304) {
    return head;
  }
  if (Lower(response.Header("transfer-encoding")).find("chunked") != std::string::npos) {
    for (;;) {
      std::size_t size_end;
      while ((size_end = buffer_.find("\r\n")) == std::string::npos) {
        if (!Fill(deadline)) return std::nullopt;
      }
      const std::size_t size = std::stoul(buffer_.substr(0, size_end), nullptr, 16);
      while (buffer_.size() < size_end + 2 + size + 2) {
        if (!Fill(deadline)) return std::nullopt;
      }
      response.body.append(buffer_, size_end + 2, size);
      buffer_.erase(0, size_end + 2 + size + 2);
      if (size == 0) break;
    }
    return head;
  }
  if (response.HasHeader("content-length")) {
    const std::size_t length = std::stoul(response.Header("content-length"));
    while (buffer_.size() < length) {
      if (!Fill(deadline)) return std::nullopt;
    }
    response.body = buffer_.substr(0, length);
    buffer_.erase(0, length);
    return head;
  }
  while (Fill(deadline)) {
  }
  response.body = std::move(buffer_);
  buffer_.clear();
  return head;
}

std::optional<std::string> HttpConnection::ReadUntil(std::string_view marker,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t found;
  while ((found = buffer_.find(marker)) == std::string::npos) {
    if (!Fill(deadline)) return std::nullopt;
  }
  std::string text = buffer_.substr(0, found + marker.size());
  buffer_.erase(0, found + marker.size());
  return text;
}

bool HttpConnection::WaitForClose(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Bytes before the close (an error response) stay in buffer_ for ReadResponse.
  for (;;) {
    const Received received = Receive(deadline);
    if (received == Received::kClosed) return true;
    if (received == Received::kTimeout) return false;
  }
}

HttpResponse HttpGet(std::uint16_t port, std::string_view target, const HeaderList& headers) {
  HttpConnection connection(port);
  return connection.Request("GET", target, headers);
}

bool CanConnect(std::uint16_t port) {
  const int fd = Connect(port, {});
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace testing_support
