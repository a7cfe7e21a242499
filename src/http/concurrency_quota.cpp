#include "http/concurrency_quota.hpp"

#include <utility>

namespace http {

struct ConcurrencyQuota::Permit::State {
  std::mutex mutex;
  std::unordered_map<std::string, std::size_t> in_use;  // keys at zero are erased
};

ConcurrencyQuota::ConcurrencyQuota(std::size_t limit)
    : limit_(limit), state_(std::make_shared<Permit::State>()) {}

std::optional<ConcurrencyQuota::Permit> ConcurrencyQuota::TryAcquire(std::string_view key) {
  std::string owned(key);
  {
    std::lock_guard lock(state_->mutex);
    std::size_t& count = state_->in_use[owned];
    if (count >= limit_) return std::nullopt;
    ++count;
  }
  return Permit(state_, std::move(owned));
}

std::size_t ConcurrencyQuota::InUse(std::string_view key) const {
  std::lock_guard lock(state_->mutex);
  const auto it = state_->in_use.find(std::string(key));
  return it == state_->in_use.end() ? 0 : it->second;
}

ConcurrencyQuota::Permit::Permit(std::shared_ptr<State> state, std::string key)
    : state_(std::move(state)), key_(std::move(key)) {}

ConcurrencyQuota::Permit& ConcurrencyQuota::Permit::operator=(Permit&& other) noexcept {
  if (this != &other) {
    Release();
    state_ = std::move(other.state_);
    key_ = std::move(other.key_);
  }
  return *this;
}

ConcurrencyQuota::Permit::~Permit() { Release(); }

void ConcurrencyQuota::Permit::Release() {
  if (!state_) return;
  std::lock_guard lock(state_->mutex);
  const auto it = state_->in_use.find(key_);
  if (it != state_->in_use.end() && --it->second == 0) state_->in_use.erase(it);
  state_.reset();
}

}  // namespace http
