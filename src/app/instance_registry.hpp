#pragma once

#include <memory>
#include <stdexcept>
#include <string>

#include "app/periodic_task.hpp"
#include "store/instance_store.hpp"

namespace app {

// Another live instance shares the database while limits and revocations are per instance.
class InstanceConflict : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// This instance's row among the live instances of its database, refreshed every 10 s and
// removed at shutdown; an instance not seen for 30 s counts as gone.
class InstanceRegistry {
 public:
  // Throws InstanceConflict, naming the fix, when another live instance serves from the same
  // database and either that one or this one keeps limits and revocations in its own memory
  // (no REDIS_URL): a login limit or a logout would then hold on one instance only.
  InstanceRegistry(store::InstanceStore& store, bool shared_limits);
  ~InstanceRegistry();
  InstanceRegistry(const InstanceRegistry&) = delete;
  InstanceRegistry& operator=(const InstanceRegistry&) = delete;

  const std::string& id() const { return instance_.id; }

 private:
  store::InstanceStore& store_;
  store::LiveInstance instance_;
  bool warned_ = false;
  std::unique_ptr<PeriodicTask> heartbeat_;
};

}  // namespace app
