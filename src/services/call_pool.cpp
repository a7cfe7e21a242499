#include "services/call_pool.hpp"

#include <algorithm>
#include <utility>

namespace services {

CallPool::CallPool(std::size_t threads, std::size_t queue_limit) : queue_limit_(queue_limit) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, threads); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

CallPool::~CallPool() {
  std::deque<Call> abandoned;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    abandoned.swap(queue_);
  }
  cancelled_ = true;  // calls in progress stop within about a second
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  for (auto& call : abandoned) {
    if (call.abandon) call.abandon();
  }
}

bool CallPool::Submit(Call call) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= queue_limit_) return false;
    queue_.push_back(std::move(call));
  }
  wake_.notify_one();
  return true;
}

void CallPool::Work() {
  for (;;) {
    Call call;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      call = std::move(queue_.front());
      queue_.pop_front();
    }
    call.run(cancelled_);
  }
}

}  // namespace services
