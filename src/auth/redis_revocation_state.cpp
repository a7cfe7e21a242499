#include "auth/redis_revocation_state.hpp"

#include <charconv>
#include <string>

namespace auth {
namespace {

constexpr std::string_view kRevokedPrefix = "backlog:revoked:";
constexpr std::string_view kVersionPrefix = "backlog:token-version:";

}  // namespace

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
