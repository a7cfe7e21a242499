#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace http {

// At most `limit` holders per key at once: connections per client address, open event streams
// per user, provider calls in progress per user. A permit gives its place back when destroyed,
// and may outlive the quota. Thread-safe.
class ConcurrencyQuota {
 public:
  explicit ConcurrencyQuota(std::size_t limit);

  class Permit {
   public:
    Permit(Permit&& other) noexcept = default;
    Permit& operator=(Permit&& other) noexcept;
    ~Permit();

   private:
    friend class ConcurrencyQuota;
    struct State;
    Permit(std::shared_ptr<State> state, std::string key);
    void Release();

    std::shared_ptr<State> state_;
    std::string key_;
  };

  // A permit, or nullopt when `key` already holds `limit` of them.
  std::optional<Permit> TryAcquire(std::string_view key);
  std::size_t InUse(std::string_view key) const;
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::shared_ptr<Permit::State> state_;
};

}  // namespace http
