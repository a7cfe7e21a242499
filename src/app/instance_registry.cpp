#include "app/instance_registry.hpp"

#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <random>

namespace app {
namespace {

constexpr std::int64_t kStaleAfterSeconds = 30;
constexpr auto kHeartbeatEvery = std::chrono::seconds(10);

std::int64_t UnixNow() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string HostName() {
  char host[256] = {};
  if (::gethostname(host, sizeof(host) - 1) != 0) return "unknown";
  return host;
}

// True for an instance of this host whose process is gone (killed, crashed): a restart need
// not wait for its heartbeat to go stale. Ids are host:pid:random.
bool DeadOnThisHost(const store::LiveInstance& instance, const std::string& host) {
  if (instance.host != host) return false;
  const auto first = instance.id.rfind(':', instance.id.rfind(':') - 1);
  const auto second = instance.id.rfind(':');
  if (first == std::string::npos || second == std::string::npos || second <= first) return false;
  const pid_t pid =
      static_cast<pid_t>(std::atoll(instance.id.substr(first + 1, second - first - 1).c_str()));
  return pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
}

// Empty when this instance may run beside `others`; otherwise why not, and the fix.
std::string Conflict(const std::vector<store::LiveInstance>& others, bool shared_limits) {
  if (others.empty()) return {};
  const store::LiveInstance& other = others.front();
  if (!shared_limits) {
    return "another instance (" + other.id +
           ") serves from this database, and this one has no "
           "REDIS_URL: login limits, lockouts and revocations would hold on one instance only. "
           "Set REDIS_URL to the same Redis on every instance";
  }
  for (const auto& instance : others) {
    if (!instance.shared_limits) {
      return "the instance " + instance.id +
             " serves from this database without REDIS_URL, so "
             "its limits and revocations are its own. Set REDIS_URL on it too and restart it";
    }
  }
  return {};
}

}  // namespace

InstanceRegistry::InstanceRegistry(store::InstanceStore& store, bool shared_limits)
    : store_(store) {
  std::random_device random;
  const std::string host = HostName();
  instance_ = {host + ":" + std::to_string(::getpid()) + ":" + std::to_string(random() % 1000000),
               host, shared_limits, UnixNow(), UnixNow()};
  auto others = store_.LiveOthers(instance_.id, UnixNow() - kStaleAfterSeconds);
  std::erase_if(others, [&](const store::LiveInstance& other) {
    if (!DeadOnThisHost(other, host)) return false;
    store_.Remove(other.id);
    return true;
  });
  if (const std::string conflict = Conflict(others, shared_limits); !conflict.empty()) {
    throw InstanceConflict(conflict);
  }
  store_.Announce(instance_);
  spdlog::info("instance {} serving; {} other live instance(s) on this database", instance_.id,
               others.size());
  heartbeat_ = std::make_unique<PeriodicTask>(kHeartbeatEvery, [this] {
    try {
      const std::int64_t now = UnixNow();
      if (!store_.Heartbeat(instance_.id, now)) {
        instance_.seen_at = now;
        store_.Announce(instance_);
      }
      // Two instances without Redis that started at the same moment both passed the check.
      const std::string conflict = Conflict(
          store_.LiveOthers(instance_.id, now - kStaleAfterSeconds), instance_.shared_limits);
      if (!conflict.empty() && !warned_) spdlog::error("{}", conflict);
      warned_ = !conflict.empty();
    } catch (const std::exception& error) {
      spdlog::warn("the instance heartbeat failed: {}", error.what());
    }
  });
}

InstanceRegistry::~InstanceRegistry() {
  heartbeat_.reset();
  try {
    store_.Remove(instance_.id);
  } catch (const std::exception& error) {
    spdlog::warn("removing this instance from the live list failed: {}", error.what());
  }
}

}  // namespace app
