#pragma once

// A small synchronous Redis client (hiredis underneath, kept out of this header) with a pool of
// blocking connections. Callers run it on worker threads, never on the I/O threads.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace store::redis {

struct RedisOptions {
  std::string url;            // redis://[[user]:password@]host[:port][/db]
  std::size_t pool_size = 4;  // connections; each used by one thread at a time
  std::chrono::milliseconds connect_timeout{1000};
  std::chrono::milliseconds command_timeout{1000};  // also the longest wait for a free connection
};

struct RedisReply {
  enum class Type { kNil, kInteger, kString, kArray, kStatus, kError };
  Type type = Type::kNil;
  std::int64_t integer = 0;
  std::string text;  // kString, kStatus and kError
  std::vector<RedisReply> elements;
};

// A connection or protocol failure. The message never contains the password.
class RedisError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RedisClient {
 public:
  // Parses the URL (std::invalid_argument when it is malformed); connects lazily.
  explicit RedisClient(RedisOptions options);
  ~RedisClient();
  RedisClient(RedisClient&&) noexcept;
  RedisClient& operator=(RedisClient&&) noexcept;

  // Runs one command; arguments are binary safe. An error reply comes back as kError. Throws
  // RedisError on I/O failure; a pooled connection the server closed is replaced once first.
  RedisReply Command(const std::vector<std::string>& args);

  // Runs a Lua script by EVALSHA, loading it (SCRIPT LOAD) the first time and again after
  // NOSCRIPT (Redis restarted or flushed its script cache).
  RedisReply Eval(const std::string& script, const std::vector<std::string>& keys,
                  const std::vector<std::string>& args);

  // True when PING answers PONG; never throws.
  bool Ping() noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct RedisEndpoint {
  std::string host;
  int port = 6379;
  std::string username;
  std::string password;
  int database = 0;
};

// Parses redis://[[user]:password@]host[:port][/db] (user and password may be percent-encoded;
// an IPv6 host is written in brackets). Throws std::invalid_argument naming the faulty part; the
// message never repeats the password.
RedisEndpoint ParseRedisUrl(std::string_view url);

}  // namespace store::redis
