#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>
#include <vector>

namespace testing_support {
namespace {

constexpr const char* kRedisServerBinary = "/usr/bin/redis-server";
constexpr auto kStartTimeout = std::chrono::seconds(10);
constexpr auto kStopTimeout = std::chrono::seconds(10);
constexpr auto kPollPause = std::chrono::milliseconds(10);

sockaddr_in Loopback(std::uint16_t port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// True when the server answers an inline PING (NOAUTH also proves it serves commands).
bool AnswersPing(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const timeval timeout{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  const sockaddr_in address = Loopback(port);
  std::string reply;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0 &&
      ::send(fd, "PING\r\n", 6, MSG_NOSIGNAL) == 6) {
    char buffer[64];
    while (reply.find("\r\n") == std::string::npos) {
      const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      reply.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return reply.starts_with("+PONG") || reply.starts_with("-NOAUTH");
}

}  // namespace

std::uint16_t FreeLoopbackPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in address = Loopback(0);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot bind a loopback port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

RedisServer::RedisServer() : RedisServer(Options{}) {}

RedisServer::RedisServer(Options options) {
  if (!std::filesystem::exists(kRedisServerBinary)) {
    ADD_FAILURE() << kRedisServerBinary << " is not installed";
    throw std::runtime_error("redis-server is not installed");
  }
  // A free port can be taken by someone else before redis-server binds it; try another then.
  const int attempts = options.port == 0 ? 3 : 1;
  for (int attempt = 0; attempt < attempts; ++attempt) {
    port_ = options.port != 0 ? options.port : FreeLoopbackPort();
    if (Start(options.requirepass)) return;
  }
  ADD_FAILURE() << "redis-server did not start; its output:\n" << process_->Output();
  throw std::runtime_error("redis-server did not start");
}

RedisServer::~RedisServer() { Stop(); }

bool RedisServer::Start(const std::string& requirepass) {
  std::vector<std::string> args{"--bind",      "127.0.0.1", "--port",       std::to_string(port_),
                                "--save",      "",          "--appendonly", "no",
                                "--daemonize", "no",        "--loglevel",   "warning"};
  if (!requirepass.empty()) {
    args.push_back("--requirepass");
    args.push_back(requirepass);
  }
  process_ = std::make_unique<ChildProcess>(kRedisServerBinary, args,
                                            EnvVars{{"PATH", "/usr/bin:/bin"}}, dir_.path());
  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (AnswersPing(port_)) return true;
    if (!process_->running()) return false;  // e.g. the port was taken
    std::this_thread::sleep_for(kPollPause);
  }
  return false;
}

void RedisServer::Stop() {
  if (!process_) return;
  process_->Signal(SIGTERM);
  if (!process_->WaitForExit(kStopTimeout)) {
    ADD_FAILURE() << "redis-server did not stop on SIGTERM";
  }
  process_.reset();  // SIGKILLs it if it still runs
}

}  // namespace testing_support
