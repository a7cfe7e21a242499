#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "auth/auth_log.hpp"
#include "auth/jwt.hpp"
#include "auth/password_hasher.hpp"
#include "auth/rate_limiter.hpp"
#include "auth/revocation_state.hpp"
#include "store/login_store.hpp"
#include "store/session_store.hpp"
#include "store/user_store.hpp"

namespace auth {

// Unix seconds; injected so tests can move time.
using Clock = std::function<std::int64_t()>;
std::int64_t SystemClockSeconds();

struct AuthOptions {
  std::int64_t access_ttl_seconds = 30 * 60;
  std::int64_t refresh_ttl_seconds = 7 * 24 * 3600;
  // A refresh token presented again this soon after its rotation (two tabs refreshing at once)
  // gets an access token instead of revoking the session. 0: every reuse revokes.
  std::int64_t rotation_grace_seconds = 0;
  store::LockoutPolicy lockout;
  std::int64_t login_limit = 10;  // attempts per client IP per window
  std::int64_t login_window_seconds = 60;
  // Registrations per client IP per window: a budget of their own, so a flood of registrations
  // neither hashes without end nor uses up the sign-in budget of the same address.
  std::int64_t register_limit = 10;
  std::int64_t register_window_seconds = 3600;
  std::int64_t attempt_retention_seconds = 30 * 24 * 3600;
  bool allow_registration = true;
};

enum class AuthErrorKind {
  kInvalidCredentials,  // 401: wrong user name or password (never says which)
  kUnauthenticated,     // 401: no valid token or refresh token
  kLocked,              // 423
  kRateLimited,         // 429
  kDisabled,            // 403: the account is disabled
  kForbidden,           // 403
  kRegistrationClosed,  // 403
  kAccountExists,       // 409
  kInvalidInput,        // 422, with the field
  kWrongPassword,       // 400: the current password given to change it is wrong
  kNotFound,            // 404
};

class AuthError : public std::runtime_error {
 public:
  AuthError(AuthErrorKind kind, const std::string& message, std::string field = {},
            std::int64_t retry_after_seconds = 0)
      : std::runtime_error(message),
        kind_(kind),
        field_(std::move(field)),
        retry_after_seconds_(retry_after_seconds) {}
  AuthErrorKind kind() const { return kind_; }
  const std::string& field() const { return field_; }
  std::int64_t retry_after_seconds() const { return retry_after_seconds_; }
  // For 429: which limit refused ("login", "register"), its window and the limiter's view, for
  // the RateLimit headers.
  std::string rate_policy;
  std::chrono::seconds rate_window{0};
  RateDecision rate;

 private:
  AuthErrorKind kind_;
  std::string field_;
  std::int64_t retry_after_seconds_;
};

// Who a valid access token belongs to.
struct Identity {
  std::int64_t user_id = 0;
  std::string username;
  std::string role;
  std::string session_id;
  std::string token_id;
  std::int64_t token_expires_at = 0;
  bool is_admin() const { return role == "admin"; }
};

struct ClientContext {
  std::string ip;
  std::string user_agent;
};

struct IssuedTokens {
  std::string access_token;
  std::int64_t access_expires_at = 0;
  std::int64_t expires_in = 0;
  std::string refresh_token;  // empty when the refresh token was not rotated (grace period)
  std::int64_t refresh_expires_at = 0;
  std::string csrf_token;
  std::string session_id;
};

struct SignedIn {
  store::UserRecord user;
  IssuedTokens tokens;
};

struct NewAccount {
  std::string username;
  std::string email;
  std::string password;
  std::string full_name;
  std::string role = "user";
};

struct UserOverview {
  store::UserRecord user;
  std::optional<std::int64_t> locked_until;
};

struct AuthDependencies {
  store::UserStore& users;
  store::SessionStore& sessions;
  store::LoginStore& logins;
  const PasswordHasher& hasher;
  const JwtCodec& codec;
  RevocationState& revocation;
  RateLimiter& limiter;
  AuthLog& log;
  std::vector<std::string> csrf_keys;  // the JWT signing key first, then previous keys
};

// Accounts, sign-in, tokens, sessions and their revocation: the rules of the auth API, with
// no HTTP in them. Methods that hash passwords take ~0.25 s and must run off the I/O threads.
class AuthService {
 public:
  AuthService(AuthOptions options, AuthDependencies dependencies, Clock clock = SystemClockSeconds);

  SignedIn Register(const NewAccount& account, const ClientContext& client);
  SignedIn Login(std::string_view login, std::string_view password, const ClientContext& client);
  IssuedTokens Refresh(std::string_view refresh_token, const ClientContext& client);
  // Revokes what the caller holds: the access token and its session, and/or the session of the
  // refresh token. Unknown or expired tokens are ignored.
  void Logout(const std::optional<Identity>& identity, std::string_view refresh_token,
              const ClientContext& client);
  // Ends every session of the user (tokens fail at once) and signs this device in again.
  SignedIn ChangePassword(const Identity& identity, std::string_view current_password,
                          std::string_view new_password, const ClientContext& client);

  // The identity the token proves, or the reason it does not (for the debug log).
  std::variant<Identity, std::string> Authenticate(std::string_view access_token);
  bool CsrfTokenMatches(std::string_view token_id, std::string_view csrf_token) const;

  std::optional<store::UserRecord> User(std::int64_t user_id);
  std::vector<store::SessionRecord> Sessions(const Identity& identity);
  // False when the session is not the caller's (or does not exist).
  bool RevokeSession(const Identity& identity, std::string_view session_id,
                     const ClientContext& client);
  // An admin for anyone, a user for themself only (kForbidden otherwise).
  void InvalidateAllTokens(const Identity& actor, std::int64_t user_id,
                           const ClientContext& client);
  std::optional<std::int64_t> FindUserId(std::string_view username);

  std::vector<UserOverview> ListUsers(std::int64_t limit, std::int64_t offset);
  std::int64_t CountUsers();
  void Unlock(const Identity& admin, std::int64_t user_id, const ClientContext& client);
  void SetActive(const Identity& admin, std::int64_t user_id, bool active,
                 const ClientContext& client);

  // For `backlog user create`: validates like Register, issues no tokens.
  store::UserRecord CreateAccount(const NewAccount& account);
  // Deletes expired sessions and revocations and login data past the retention period.
  store::PurgeCounts Purge();
  // Loads revocations recorded in the database into the fast state (at start).
  void LoadRevocations();

  const AuthOptions& options() const { return options_; }

 private:
  store::UserRecord CreateValidated(const NewAccount& account);
  IssuedTokens StartSession(const store::UserRecord& user, const ClientContext& client,
                            std::int64_t now);
  IssuedTokens IssueAccessToken(const store::UserRecord& user, const std::string& session_id,
                                std::int64_t now);
  std::string CsrfTokenFor(std::string_view token_id, std::string_view key) const;
  void RevokeSessions(const std::vector<std::string>& session_ids, std::int64_t now);
  void AfterVersionBump(std::int64_t user_id, std::int64_t version);
  store::UserRecord RequireUser(std::int64_t user_id);
  void RecordAttempt(std::string_view login, const ClientContext& client, std::int64_t now,
                     bool succeeded, std::string_view reason);

  struct CachedUser {
    std::string username;
    std::string role;
    bool is_active = false;
    std::int64_t token_version = 0;
    std::int64_t fetched_at = 0;
  };
  std::optional<CachedUser> CurrentUser(std::int64_t user_id, std::int64_t now);

  AuthOptions options_;
  AuthDependencies deps_;
  Clock clock_;
  std::mutex cache_mutex_;
  std::unordered_map<std::int64_t, CachedUser> user_cache_;
};

// Validation shared by registration and `backlog user create`; nullopt when fine.
std::optional<std::string> CheckUsername(std::string_view username);
std::optional<std::string> CheckEmail(std::string_view email);

}  // namespace auth
