#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace services {

// Threads for calls to other services that a request waits for (a provider's review of a
// vision, a tracker connection test): seconds long, so never on an HTTP worker. Shutting down
// sets the cancel flag the running calls watch and abandons the queued ones.
class CallPool {
 public:
  struct Call {
    std::function<void(const std::atomic<bool>& cancelled)> run;
    std::function<void()> abandon;  // instead of run, when the pool shuts down first
  };

  CallPool(std::size_t threads, std::size_t queue_limit);
  ~CallPool();
  CallPool(const CallPool&) = delete;
  CallPool& operator=(const CallPool&) = delete;

  // False (and neither function called) when the queue is full or the pool is stopping.
  bool Submit(Call call);

 private:
  void Work();

  std::size_t queue_limit_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Call> queue_;
  bool stopping_ = false;
  std::atomic<bool> cancelled_{false};
  std::vector<std::thread> threads_;
};

}  // namespace services
