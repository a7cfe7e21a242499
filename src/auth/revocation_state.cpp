#include "auth/revocation_state.hpp"

#include <algorithm>
#include <charconv>

#include "store/redis/redis_client.hpp"

namespace auth {
namespace {

constexpr std::int64_t kSweepEverySeconds = 60;
constexpr std::string_view kRevokedPrefix = "backlog:revoked:";
constexpr std::string_view kVersionPrefix = "backlog:token-version:";

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

void RedisRevocationState::Revoke(std::string_view id, std::int64_t until) {
  client_.Command({"SET", std::string(kRevokedPrefix) + std::string(id), "1", "PXAT",
                   std::to_string(until * 1000)});
}

bool RedisRevocationState::IsRevoked(std::string_view id, std::int64_t) {
  const auto reply = client_.Command({"EXISTS", std::string(kRevokedPrefix) + std::string(id)});
  return reply.type == store::redis::RedisReply::Type::kInteger && reply.integer > 0;
}

std::optional<std::int64_t> RedisRevocationState::TokenVersion(std::int64_t user_id) {
  const auto reply =
      client_.Command({"GET", std::string(kVersionPrefix) + std::to_string(user_id)});
  if (reply.type != store::redis::RedisReply::Type::kString) return std::nullopt;
  std::int64_t version = 0;
  const auto [end, error] =
      std::from_chars(reply.text.data(), reply.text.data() + reply.text.size(), version);
  if (error != std::errc{}) return std::nullopt;
  return version;
}

void RedisRevocationState::SetTokenVersion(std::int64_t user_id, std::int64_t version) {
  static const std::string kRaise =
      "local current = tonumber(redis.call('GET', KEYS[1]) or '-1') "
      "if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end return 1";
  client_.Eval(kRaise, {std::string(kVersionPrefix) + std::to_string(user_id)},
               {std::to_string(version)});
}

}  // namespace auth
