#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {

// A real redis-server on a loopback port, in its own temp folder, without persistence. It is
// ready (answers PING) when the constructor returns, and stopped (SIGTERM) when destroyed.
class RedisServer {
 public:
  struct Options {
    std::uint16_t port = 0;   // 0: a free port
    std::string requirepass;  // empty: no password
  };

  RedisServer();
  explicit RedisServer(Options options);
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  // SIGTERM and wait; the port is free again afterwards. Called by the destructor.
  void Stop();

 private:
  bool Start(const std::string& requirepass);

  TempDir dir_;
  std::uint16_t port_ = 0;
  std::unique_ptr<ChildProcess> process_;
};

// A loopback port nobody listens on right now.
std::uint16_t FreeLoopbackPort();

}  // namespace testing_support
