#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace pipeline {

// Tells live listeners (event streams) that a job has new events in the database. In-process
// only: listeners on another instance notice by polling.
class EventBus {
 public:
  using Listener = std::function<void()>;

  std::uint64_t Subscribe(std::string job_id, Listener listener);
  void Unsubscribe(std::uint64_t subscription);
  void Notify(std::string_view job_id);

 private:
  std::mutex mutex_;
  std::uint64_t next_ = 1;
  std::multimap<std::string, std::pair<std::uint64_t, Listener>, std::less<>> listeners_;
};

}  // namespace pipeline
