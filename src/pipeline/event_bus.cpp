#include "pipeline/event_bus.hpp"

#include <vector>

namespace pipeline {

std::uint64_t EventBus::Subscribe(std::string job_id, Listener listener) {
  std::lock_guard lock(mutex_);
  const std::uint64_t id = next_++;
  listeners_.emplace(std::move(job_id), std::make_pair(id, std::move(listener)));
  return id;
}

void EventBus::Unsubscribe(std::uint64_t subscription) {
  std::lock_guard lock(mutex_);
  for (auto it = listeners_.begin(); it != listeners_.end(); ++it) {
    if (it->second.first == subscription) {
      listeners_.erase(it);
      return;
    }
  }
}

void EventBus::Notify(std::string_view job_id) {
  std::vector<Listener> to_call;
  {
    std::lock_guard lock(mutex_);
    const auto [begin, end] = listeners_.equal_range(job_id);
    for (auto it = begin; it != end; ++it) to_call.push_back(it->second.second);
  }
  for (const auto& listener : to_call) listener();  // outside the lock: listeners may post work
}

}  // namespace pipeline
