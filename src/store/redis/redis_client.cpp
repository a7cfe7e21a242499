#include "store/redis/redis_client.hpp"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace store::redis {
namespace {

constexpr std::string_view kScheme = "redis://";

[[noreturn]] void BadUrl(const std::string& what) {
  throw std::invalid_argument("invalid Redis URL: " + what +
                              " (expected redis://[[user]:password@]host[:port][/db])");
}

// A non-negative decimal number without sign or spaces, at most `max`.
bool ParseNumber(std::string_view text, int max, int& value) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && value <= max;
}

std::string DecodeCredential(std::string_view text, const char* what) {
  std::string decoded;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      decoded += text[i];
      continue;
    }
    if (i + 2 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      BadUrl(std::string("bad % escape in ") + what);
    }
    unsigned byte = 0;
    std::from_chars(text.data() + i + 1, text.data() + i + 3, byte, 16);
    decoded += static_cast<char>(byte);
    i += 2;
  }
  return decoded;
}

timeval ToTimeval(std::chrono::milliseconds duration) {
  const auto ms = duration.count() > 0 ? duration.count() : 1;
  return timeval{static_cast<time_t>(ms / 1000), static_cast<suseconds_t>((ms % 1000) * 1000)};
}

RedisReply Convert(const redisReply& reply) {
  RedisReply result;
  switch (reply.type) {
    case REDIS_REPLY_INTEGER:
      result.type = RedisReply::Type::kInteger;
      result.integer = reply.integer;
      break;
    case REDIS_REPLY_STRING:
    case REDIS_REPLY_STATUS:
    case REDIS_REPLY_ERROR:
      result.type = reply.type == REDIS_REPLY_STRING   ? RedisReply::Type::kString
                    : reply.type == REDIS_REPLY_STATUS ? RedisReply::Type::kStatus
                                                       : RedisReply::Type::kError;
      result.text.assign(reply.str, reply.len);
      break;
    case REDIS_REPLY_ARRAY:
      result.type = RedisReply::Type::kArray;
      result.elements.reserve(reply.elements);
      for (std::size_t i = 0; i < reply.elements; ++i) {
        result.elements.push_back(Convert(*reply.element[i]));
      }
      break;
    default:
      result.type = RedisReply::Type::kNil;
  }
  return result;
}

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

// hiredis 0.14 writes with write(2): a server that went away would raise SIGPIPE and kill the
// process. The signal is blocked on this thread for the duration of a call and a pending one
// is discarded.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec no_wait{0, 0};
      while (sigtimedwait(&sigpipe_, nullptr, &no_wait) < 0 && errno == EINTR) {
      }
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t sigpipe_;
  sigset_t previous_;
  bool was_pending_ = false;
};

struct CommandResult {
  ReplyPtr reply;  // null on I/O failure
  int error = 0;   // hiredis error kind (REDIS_ERR_IO, REDIS_ERR_EOF, ...)
  int saved_errno = 0;
  std::string message;
};

CommandResult Run(redisContext* context, const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& arg : args) {
    argv.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  CommandResult result;
  SigpipeGuard guard;
  result.reply.reset(static_cast<redisReply*>(
      redisCommandArgv(context, static_cast<int>(args.size()), argv.data(), lengths.data())));
  result.saved_errno = errno;
  if (!result.reply || context->err != 0) {
    result.reply.reset();
    result.error = context->err != 0 ? context->err : REDIS_ERR_OTHER;
    result.message = context->err != 0 ? context->errstr : "no reply";
  }
  return result;
}

// A stale pooled connection fails with EOF or a reset; the command never reached a live
// server then, so it is safe to send again. A timeout is not retried: the server may have run it.
bool ServerClosedConnection(const CommandResult& result) {
  if (result.error == REDIS_ERR_EOF) return true;
  return result.error == REDIS_ERR_IO &&
         (result.saved_errno == ECONNRESET || result.saved_errno == EPIPE);
}

std::string Redact(std::string text, const std::string& secret) {
  if (secret.empty()) return text;
  for (std::size_t at; (at = text.find(secret)) != std::string::npos;) {
    text.replace(at, secret.size(), "***");
  }
  return text;
}

}  // namespace

RedisEndpoint ParseRedisUrl(std::string_view url) {
  if (url.substr(0, kScheme.size()) != kScheme) {
    if (url.starts_with("rediss://")) BadUrl("TLS (rediss://) is not supported");
    BadUrl("the scheme must be redis://");
  }
  std::string_view rest = url.substr(kScheme.size());
  if (rest.find_first_of("?#") != std::string_view::npos) BadUrl("query options are not supported");

  const std::size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash + 1);

  RedisEndpoint endpoint;
  // The last '@' ends the credentials, so an unencoded '@' in a password still works.
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos) {
    const std::string_view credentials = authority.substr(0, at);
    authority = authority.substr(at + 1);
    const std::size_t colon = credentials.find(':');
    if (colon == std::string_view::npos) {
      BadUrl("credentials must be written user:password@ or :password@");
    }
    endpoint.username = DecodeCredential(credentials.substr(0, colon), "the user name");
    endpoint.password = DecodeCredential(credentials.substr(colon + 1), "the password");
    if (endpoint.password.empty() && !endpoint.username.empty()) BadUrl("the password is empty");
  }

  std::string_view port_text;
  if (authority.starts_with('[')) {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) BadUrl("unterminated [IPv6] host");
    endpoint.host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') BadUrl("unexpected text after the [IPv6] host");
      port_text = after.substr(1);
      if (port_text.empty()) BadUrl("the port is empty");
    }
  } else {
    const std::size_t colon = authority.find(':');
    endpoint.host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.find(':') != std::string_view::npos) {
        BadUrl("an IPv6 host must be written in brackets");
      }
      if (port_text.empty()) BadUrl("the port is empty");
    }
  }
  if (endpoint.host.empty()) BadUrl("the host is missing");
  if (!port_text.empty() && (!ParseNumber(port_text, 65535, endpoint.port) || endpoint.port == 0)) {
    BadUrl("the port must be a number from 1 to 65535");
  }
  if (!path.empty() && !ParseNumber(path, std::numeric_limits<int>::max(), endpoint.database)) {
    BadUrl("the database must be a non-negative number");
  }
  return endpoint;
}

struct RedisClient::Impl {
  RedisOptions options;
  RedisEndpoint endpoint;

  std::mutex mutex;
  std::condition_variable released;
  std::vector<redisContext*> idle;
  std::size_t open = 0;  // idle + leased + being opened; at most pool_size

  std::mutex scripts_mutex;
  std::unordered_map<std::string, std::string> script_shas;  // script -> SHA1

  ~Impl() {
    for (redisContext* context : idle) redisFree(context);
  }

  std::string Where() const { return endpoint.host + ":" + std::to_string(endpoint.port); }

  // A new, authenticated connection with the command timeout set.
  redisContext* Connect() {
    redisContext* context = redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port,
                                                    ToTimeval(options.connect_timeout));
    if (context == nullptr) throw RedisError("cannot allocate a Redis connection");
    const auto fail = [&](const std::string& what) {
      redisFree(context);
      throw RedisError(Redact(what, endpoint.password));
    };
    if (context->err != 0) fail("cannot connect to Redis at " + Where() + ": " + context->errstr);
    if (redisSetTimeout(context, ToTimeval(options.command_timeout)) != REDIS_OK) {
      fail("cannot set the Redis command timeout");
    }
    const auto setup = [&](const std::vector<std::string>& args, const char* what) {
      CommandResult result = Run(context, args);
      if (!result.reply) fail(std::string(what) + " failed at " + Where() + ": " + result.message);
      if (result.reply->type == REDIS_REPLY_ERROR) {
        fail(std::string(what) + " failed at " + Where() + ": " +
             std::string(result.reply->str, result.reply->len));
      }
    };
    if (!endpoint.password.empty()) {
      if (endpoint.username.empty()) {
        setup({"AUTH", endpoint.password}, "Redis AUTH");
      } else {
        setup({"AUTH", endpoint.username, endpoint.password}, "Redis AUTH");
      }
    }
    if (endpoint.database != 0) {
      setup({"SELECT", std::to_string(endpoint.database)}, "Redis SELECT");
    }
    return context;
  }

  // A connection for one thread: an idle one, or a new one while fewer than pool_size are open.
  class Lease {
   public:
    explicit Lease(Impl& impl) : impl_(impl) {
      std::unique_lock lock(impl_.mutex);
      const bool ready = impl_.released.wait_for(lock, impl_.options.command_timeout, [&] {
        return !impl_.idle.empty() || impl_.open < impl_.options.pool_size;
      });
      if (!ready) {
        throw RedisError("no free Redis connection within " +
                         std::to_string(impl_.options.command_timeout.count()) + " ms");
      }
      if (!impl_.idle.empty()) {
        context_ = impl_.idle.back();
        impl_.idle.pop_back();
        reused_ = true;
        return;
      }
      ++impl_.open;  // reserve the slot, then connect without holding the lock
      lock.unlock();
      try {
        context_ = impl_.Connect();
      } catch (...) {
        ReleaseSlot();
        throw;
      }
    }
    ~Lease() {
      if (context_ == nullptr) {
        ReleaseSlot();
        return;
      }
      std::lock_guard lock(impl_.mutex);
      impl_.idle.push_back(context_);
      impl_.released.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    // Frees the current connection (it saw an I/O error) and opens a new one in its place.
    void Reconnect() {
      Discard();
      context_ = impl_.Connect();
      reused_ = false;
    }
    void Discard() {
      if (context_ != nullptr) redisFree(context_);
      context_ = nullptr;
    }

    redisContext* context() const { return context_; }
    bool reused() const { return reused_; }

   private:
    void ReleaseSlot() {
      std::lock_guard lock(impl_.mutex);
      --impl_.open;
      impl_.released.notify_one();
    }

    Impl& impl_;
    redisContext* context_ = nullptr;
    bool reused_ = false;
  };
};

RedisClient::RedisClient(RedisOptions options) : impl_(std::make_unique<Impl>()) {
  if (options.pool_size == 0) throw std::invalid_argument("Redis pool_size must be at least 1");
  impl_->endpoint = ParseRedisUrl(options.url);
  impl_->options = std::move(options);
}

RedisClient::~RedisClient() = default;
RedisClient::RedisClient(RedisClient&&) noexcept = default;
RedisClient& RedisClient::operator=(RedisClient&&) noexcept = default;

RedisReply RedisClient::Command(const std::vector<std::string>& args) {
  if (args.empty()) throw std::invalid_argument("a Redis command needs at least its name");
  Impl::Lease lease(*impl_);
  CommandResult result = Run(lease.context(), args);
  if (!result.reply && lease.reused() && ServerClosedConnection(result)) {
    lease.Reconnect();
    result = Run(lease.context(), args);
  }
  if (!result.reply) {
    lease.Discard();
    throw RedisError(
        Redact("Redis " + args.front() + " failed at " + impl_->Where() + ": " + result.message,
               impl_->endpoint.password));
  }
  return Convert(*result.reply);
}

RedisReply RedisClient::Eval(const std::string& script, const std::vector<std::string>& keys,
                             const std::vector<std::string>& args) {
  const auto load = [&] {
    const RedisReply loaded = Command({"SCRIPT", "LOAD", script});
    if (loaded.type != RedisReply::Type::kString) {
      throw RedisError("Redis SCRIPT LOAD failed: " + loaded.text);
    }
    std::lock_guard lock(impl_->scripts_mutex);
    impl_->script_shas[script] = loaded.text;
    return loaded.text;
  };
  std::string sha;
  {
    std::lock_guard lock(impl_->scripts_mutex);
    if (const auto found = impl_->script_shas.find(script); found != impl_->script_shas.end()) {
      sha = found->second;
    }
  }
  if (sha.empty()) sha = load();

  const auto run = [&] {
    std::vector<std::string> command{"EVALSHA", sha, std::to_string(keys.size())};
    command.insert(command.end(), keys.begin(), keys.end());
    command.insert(command.end(), args.begin(), args.end());
    return Command(command);
  };
  RedisReply reply = run();
  if (reply.type == RedisReply::Type::kError && reply.text.starts_with("NOSCRIPT")) {
    sha = load();
    reply = run();
  }
  return reply;
}

bool RedisClient::Ping() noexcept {
  try {
    const RedisReply reply = Command({"PING"});
    return reply.type == RedisReply::Type::kStatus && reply.text == "PONG";
  } catch (...) {
    return false;
  }
}

}  // namespace store::redis
