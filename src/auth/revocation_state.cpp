#include "auth/revocation_state.hpp"

#include <algorithm>

namespace auth {
namespace {

constexpr std::int64_t kSweepEverySeconds = 60;

}  // namespace

void InMemoryRevocationState::Revoke(std::string_view id, std::int64_t until) {
  std::lock_guard lock(mutex_);
  auto& entry = revoked_[std::string(id)];
  entry = std::max(entry, until);
}

bool InMemoryRevocationState::IsRevoked(std::string_view id, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (now - last_sweep_ >= kSweepEverySeconds) SweepLocked(now);
  const auto it = revoked_.find(std::string(id));
  return it != revoked_.end() && it->second > now;
}

void InMemoryRevocationState::SweepLocked(std::int64_t now) {
  std::erase_if(revoked_, [now](const auto& entry) { return entry.second <= now; });
  last_sweep_ = now;
}

std::optional<std::int64_t> InMemoryRevocationState::TokenVersion(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  const auto it = versions_.find(user_id);
  if (it == versions_.end()) return std::nullopt;
  return it->second;
}

void InMemoryRevocationState::SetTokenVersion(std::int64_t user_id, std::int64_t version) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = versions_.try_emplace(user_id, version);
  if (!inserted) it->second = std::max(it->second, version);
}

}  // namespace auth
