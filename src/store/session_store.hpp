#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/auth_records.hpp"

namespace store {

struct RotationResult {
  enum class Outcome {
    kRotated,   // the presented token was current: it is replaced by the new one
    kReused,    // the presented token was already rotated away: possible theft
    kUnknown,   // no such token
    kInactive,  // the session expired or was revoked
  };
  Outcome outcome = Outcome::kUnknown;
  SessionRecord session;        // for kRotated, kReused and kInactive
  std::int64_t rotated_at = 0;  // for kReused: when the presented token was rotated away
};

struct PurgeCounts {
  std::int64_t sessions = 0;
  std::int64_t revoked_tokens = 0;
  std::int64_t login_attempts = 0;
  std::int64_t account_locks = 0;
};

// Device sessions with their refresh tokens (stored as hashes), and revoked access tokens.
class SessionStore {
 public:
  virtual ~SessionStore() = default;

  virtual void Create(const SessionRecord& session, std::string_view refresh_hash) = 0;
  // Atomically replaces the current refresh hash by `new_hash`, remembering the old one.
  virtual RotationResult Rotate(std::string_view presented_hash, std::string_view new_hash,
                                std::int64_t now) = 0;
  virtual std::optional<SessionRecord> Find(std::string_view session_id) = 0;
  virtual std::optional<SessionRecord> FindByRefreshHash(std::string_view hash) = 0;
  virtual std::vector<SessionRecord> ListActive(std::int64_t user_id, std::int64_t now) = 0;
  // False when the session does not exist, belongs to someone else, or was already revoked.
  virtual bool Revoke(std::string_view session_id, std::int64_t user_id, std::string_view reason,
                      std::int64_t now) = 0;
  // Revokes every live session of the user; returns their ids.
  virtual std::vector<std::string> RevokeAll(std::int64_t user_id, std::string_view reason,
                                             std::int64_t now) = 0;
  // Sessions revoked at or after `since` (their access tokens may still be unexpired).
  virtual std::vector<std::pair<std::string, std::int64_t>> RevokedSince(std::int64_t since) = 0;

  virtual void RevokeToken(std::string_view jti, std::int64_t expires_at) = 0;
  virtual std::vector<std::pair<std::string, std::int64_t>> LiveRevokedTokens(std::int64_t now) = 0;

  // Deletes expired sessions and revocations, and login data older than the cutoff.
  virtual PurgeCounts Purge(std::int64_t now, std::int64_t attempts_before) = 0;
};

}  // namespace store
