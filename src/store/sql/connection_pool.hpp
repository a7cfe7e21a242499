#pragma once

// Internal to the SQL backends: a bounded pool of connections, each used by one thread at a
// time. Connections open lazily up to the size; a caller waits for a free one up to a timeout.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql/sql.hpp"

namespace store::sql {

template <typename ConnectionType>
class ConnectionPool {
 public:
  using Open = std::function<std::unique_ptr<ConnectionType>()>;
  // False for a connection that must not be handed out again (lost, or left in a transaction).
  using Reusable = std::function<bool(ConnectionType&)>;

  ConnectionPool(std::size_t size, std::chrono::milliseconds wait, Open open,
                 Reusable reusable = {})
      : size_(size == 0 ? 1 : size),
        wait_(wait),
        open_connection_(std::move(open)),
        reusable_(std::move(reusable)) {}

  void With(const std::function<void(ConnectionType&)>& work) {
    auto connection = Take();
    try {
      work(*connection);
    } catch (...) {
      Give(std::move(connection));
      throw;
    }
    Give(std::move(connection));
  }

  std::size_t size() const { return size_; }
  std::size_t in_use() {
    std::lock_guard lock(mutex_);
    return open_ - idle_.size();
  }

 private:
  std::unique_ptr<ConnectionType> Take() {
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + wait_;
    while (idle_.empty() && open_ >= size_) {
      if (available_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
          open_ >= size_) {
        throw Error(Error::Kind::kBusy, "no database connection became free in time");
      }
    }
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    ++open_;
    lock.unlock();
    try {
      return open_connection_();
    } catch (...) {
      std::lock_guard relock(mutex_);
      --open_;
      available_.notify_one();
      throw;
    }
  }

  void Give(std::unique_ptr<ConnectionType> connection) {
    const bool keep = !reusable_ || reusable_(*connection);
    if (!keep) connection.reset();  // closed outside the lock
    {
      std::lock_guard lock(mutex_);
      if (keep) {
        idle_.push_back(std::move(connection));
      } else {
        --open_;
      }
    }
    available_.notify_one();
  }

  const std::size_t size_;
  const std::chrono::milliseconds wait_;
  Open open_connection_;
  Reusable reusable_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<ConnectionType>> idle_;
  std::size_t open_ = 0;
};

}  // namespace store::sql
