#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace store {

struct LiveInstance {
  std::string id;
  std::string host;
  bool shared_limits = false;  // limits and revocations kept in Redis
  std::int64_t started_at = 0;
  std::int64_t seen_at = 0;
};

// The instances serving from one database, as their heartbeats say.
class InstanceStore {
 public:
  virtual ~InstanceStore() = default;
  // Records (or refreshes) this instance.
  virtual void Announce(const LiveInstance& instance) = 0;
  // False when the row is gone (removed by an operator): the caller announces itself again.
  virtual bool Heartbeat(std::string_view id, std::int64_t now) = 0;
  virtual void Remove(std::string_view id) = 0;
  // The other instances seen at or after `seen_since`.
  virtual std::vector<LiveInstance> LiveOthers(std::string_view id, std::int64_t seen_since) = 0;
};

}  // namespace store
