#include "auth/auth_service.hpp"

#include <charconv>
#include <chrono>

#include "auth/constant_time.hpp"
#include "auth/password_policy.hpp"
#include "auth/secure_random.hpp"

namespace auth {
namespace {

constexpr std::size_t kRefreshTokenBytes = 32;  // 256 bits
constexpr std::size_t kSessionIdBytes = 16;
constexpr std::int64_t kUserCacheSeconds = 5;  // bounds how stale a role or name can be
constexpr std::size_t kMaxLoginLength = 254;
constexpr std::size_t kMaxUserAgentLength = 512;

std::string Fold(std::string_view text) {
  std::string folded(text);
  for (auto& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return folded;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// Log text for a client-typed name: bounded, so a huge "user name" cannot flood the log.
std::string Shown(std::string_view text) {
  if (text.size() <= 64) return std::string(text);
  std::size_t cut = 64;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // UTF-8
  return std::string(text.substr(0, cut)) + "...";
}

std::string Who(const store::UserRecord& user) {
  return "user " + Shown(user.username) + " (id " + std::to_string(user.id) + ")";
}

ClientContext Bounded(ClientContext client) {
  if (client.user_agent.size() > kMaxUserAgentLength) client.user_agent.resize(kMaxUserAgentLength);
  return client;
}

AuthError RateLimitedError(const std::string& message, std::string policy,
                           std::int64_t window_seconds, const RateDecision& rate) {
  const auto retry = std::chrono::duration_cast<std::chrono::seconds>(rate.reset_after).count();
  AuthError error(AuthErrorKind::kRateLimited, message, {}, std::max<std::int64_t>(1, retry));
  error.rate_policy = std::move(policy);
  error.rate_window = std::chrono::seconds(window_seconds);
  error.rate = rate;
  return error;
}

AuthError AccountExistsError(store::CreateUserOutcome outcome) {
  if (outcome == store::CreateUserOutcome::kEmailTaken) {
    return AuthError(AuthErrorKind::kAccountExists,
                     "An account with this e-mail address already exists.", "email");
  }
  return AuthError(AuthErrorKind::kAccountExists, "This user name is already taken.", "username");
}

// Lockout counters. Once a login names an account, failures count for the account, so guesses
// by user name and by e-mail add up to one threshold. A login that names no account counts on
// its own and locks after as many failures, so a lockout does not tell whether a name exists.
// The prefixes keep a typed login from ever naming an account's counter.
std::string AccountLockKey(std::int64_t user_id) { return "account:" + std::to_string(user_id); }
std::string UnknownLoginLockKey(std::string_view login) { return "login:" + Fold(login); }

}  // namespace

std::int64_t SystemClockSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<std::string> CheckUsername(std::string_view username) {
  if (username.size() < 3 || username.size() > 50) {
    return "The user name must have 3 to 50 characters.";
  }
  for (char c : username) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return "The user name may contain only letters, digits, '.', '_' and '-'.";
  }
  return std::nullopt;
}

std::optional<std::string> CheckEmail(std::string_view email) {
  const auto at = email.find('@');
  const bool shaped = email.size() <= 254 && at != std::string_view::npos && at > 0 &&
                      email.find('@', at + 1) == std::string_view::npos &&
                      email.find('.', at + 2) != std::string_view::npos && email.back() != '.';
  if (!shaped) return "Enter an e-mail address like name@example.com.";
  for (unsigned char c : email) {
    if (c <= ' ' || c == 0x7F) return "The e-mail address must not contain spaces.";
  }
  return std::nullopt;
}

AuthService::AuthService(AuthOptions options, AuthDependencies dependencies, Clock clock)
    : options_(std::move(options)), deps_(std::move(dependencies)), clock_(std::move(clock)) {}

// --- accounts -------------------------------------------------------------------------------

store::UserRecord AuthService::CreateValidated(const NewAccount& account) {
  const std::string username(Trim(account.username));
  const std::string email(Trim(account.email));
  if (auto problem = CheckUsername(username)) {
    throw AuthError(AuthErrorKind::kInvalidInput, *problem, "username");
  }
  if (auto problem = CheckEmail(email))
    throw AuthError(AuthErrorKind::kInvalidInput, *problem, "email");
  if (account.full_name.size() > 200) {
    throw AuthError(AuthErrorKind::kInvalidInput, "The full name must have at most 200 characters.",
                    "full_name");
  }
  if (auto problem = CheckPassword(account.password, username, email)) {
    throw AuthError(AuthErrorKind::kInvalidInput, *problem, "password");
  }
  // A taken name or e-mail is refused before the password is hashed, so re-registering one
  // costs no hashing time. Answering it faster opens no oracle: the answer already says in words
  // that the name is taken. Sign-in is unchanged: an unknown name there still costs a full
  // bcrypt verification and gets the same answer as a wrong password. Create() still reports a
  // name taken meanwhile by a parallel registration.
  if (deps_.users.FindByLogin(username)) {
    throw AccountExistsError(store::CreateUserOutcome::kUsernameTaken);
  }
  if (deps_.users.FindByLogin(email)) {
    throw AccountExistsError(store::CreateUserOutcome::kEmailTaken);
  }
  store::NewUser user{username, email, account.full_name, deps_.hasher.Hash(account.password),
                      account.role};
  store::UserRecord created;
  const store::CreateUserOutcome outcome = deps_.users.Create(user, clock_(), &created);
  if (outcome != store::CreateUserOutcome::kCreated) throw AccountExistsError(outcome);
  return created;
}

SignedIn AuthService::Register(const NewAccount& account, const ClientContext& raw_client) {
  if (!options_.allow_registration) {
    throw AuthError(AuthErrorKind::kRegistrationClosed,
                    "Registration is closed; ask an administrator for an account.");
  }
  const ClientContext client = Bounded(raw_client);
  // Every attempt counts, taken names and invalid input included: each may cost a hash.
  const RateDecision rate =
      deps_.limiter.Hit("register:" + client.ip, options_.register_limit,
                        std::chrono::seconds(options_.register_window_seconds));
  if (!rate.allowed) {
    deps_.log.Event("Refused registration from " + client.ip +
                    ": too many attempts from this address");
    throw RateLimitedError("Too many registrations from your address; try again later.", "register",
                           options_.register_window_seconds, rate);
  }
  NewAccount user_account = account;
  user_account.role = "user";  // nobody registers themself as an admin
  store::UserRecord user = CreateValidated(user_account);
  deps_.log.Event("Registered " + Who(user) + " from " + client.ip);
  return {user, StartSession(user, client, clock_())};
}

store::UserRecord AuthService::CreateAccount(const NewAccount& account) {
  store::UserRecord user = CreateValidated(account);
  deps_.log.Event("Created " + Who(user) + " with role " + user.role + " from the command line");
  return user;
}

// --- sign-in --------------------------------------------------------------------------------

void AuthService::RecordAttempt(std::string_view login, const ClientContext& client,
                                std::int64_t now, bool succeeded, std::string_view reason) {
  deps_.logins.RecordAttempt({std::string(login.substr(0, kMaxLoginLength)), client.ip,
                              client.user_agent, now, succeeded, std::string(reason)});
}

SignedIn AuthService::Login(std::string_view raw_login, std::string_view password,
                            const ClientContext& raw_client) {
  const ClientContext client = Bounded(raw_client);
  const std::int64_t now = clock_();
  const std::string_view login = Trim(raw_login);

  const RateDecision rate = deps_.limiter.Hit("login:" + client.ip, options_.login_limit,
                                              std::chrono::seconds(options_.login_window_seconds));
  if (!rate.allowed) {
    RecordAttempt(login, client, now, false, "rate_limited");
    deps_.log.Event("Failed login for " + Shown(login) + " from " + client.ip +
                    ": too many attempts from this address");
    throw RateLimitedError("Too many sign-in attempts from your address; try again later.", "login",
                           options_.login_window_seconds, rate);
  }
  if (login.empty() || login.size() > kMaxLoginLength || password.empty()) {
    throw AuthError(AuthErrorKind::kInvalidCredentials, "Invalid user name or password.");
  }

  // Looked up before the lock is checked, for known and unknown names alike, so both take the
  // same path to the answer.
  const auto user = deps_.users.FindByLogin(login);
  const std::string key = user ? AccountLockKey(user->id) : UnknownLoginLockKey(login);
  const store::AttemptReservation reservation =
      deps_.logins.ReserveAttempt(key, now, options_.lockout);
  if (!reservation.allowed) {
    RecordAttempt(login, client, now, false, "locked");
    deps_.log.Event("Failed login for " + Shown(login) + " from " + client.ip + ": account locked");
    const std::int64_t retry = reservation.locked_until.value_or(now + 1) - now;
    throw AuthError(AuthErrorKind::kLocked,
                    "Too many failed sign-ins: this account is locked for a while.", {},
                    std::max<std::int64_t>(1, retry));
  }

  bool verified = false;
  if (user) {
    verified = deps_.hasher.Verify(password, user->password_hash);
  } else {
    deps_.hasher.VerifyNothing(password);  // same time as for a real account
  }
  if (!verified) {
    const auto locked_until = deps_.logins.RecordFailure(key, now, options_.lockout);
    RecordAttempt(login, client, now, false, "bad_credentials");
    deps_.log.Event("Failed login for " + Shown(login) + " from " + client.ip +
                    ": invalid user name or password");
    deps_.log.Decision("login " + Shown(login) + ": " +
                       (user ? "password mismatch" : "no such account"));
    if (locked_until) {
      deps_.log.Event("Account " + Shown(login) + " locked until " + std::to_string(*locked_until) +
                      " after " + std::to_string(options_.lockout.threshold) +
                      " failed attempts (last from " + client.ip + ")");
      deps_.logins.RecordEvent({now, "lockout", user ? std::optional(user->id) : std::nullopt,
                                client.ip, "locked after failed sign-ins"});
    }
    throw AuthError(AuthErrorKind::kInvalidCredentials, "Invalid user name or password.");
  }
  deps_.logins.Clear(key);
  if (!user->is_active) {
    RecordAttempt(login, client, now, false, "disabled");
    deps_.log.Event("Failed login for " + Who(*user) + " from " + client.ip + ": account disabled");
    throw AuthError(AuthErrorKind::kDisabled, "This account is disabled.");
  }
  RecordAttempt(login, client, now, true, "ok");
  deps_.log.Decision("login " + Who(*user) + " from " + client.ip + ": signed in");
  return {*user, StartSession(*user, client, now)};
}

IssuedTokens AuthService::StartSession(const store::UserRecord& user, const ClientContext& client,
                                       std::int64_t now) {
  store::SessionRecord session;
  session.id = RandomHex(kSessionIdBytes);
  session.user_id = user.id;
  session.created_at = now;
  session.last_used_at = now;
  session.expires_at = now + options_.refresh_ttl_seconds;
  session.user_agent = client.user_agent;
  session.ip_address = client.ip;
  const std::string refresh_token = RandomBase64Url(kRefreshTokenBytes);
  deps_.sessions.Create(session, Sha256Hex(refresh_token));
  IssuedTokens tokens = IssueAccessToken(user, session.id, now);
  tokens.refresh_token = refresh_token;
  tokens.refresh_expires_at = session.expires_at;
  return tokens;
}

IssuedTokens AuthService::IssueAccessToken(const store::UserRecord& user,
                                           const std::string& session_id, std::int64_t now) {
  AccessClaims claims;
  claims.subject = std::to_string(user.id);
  claims.jwt_id = NewJwtId();
  claims.session_id = session_id;
  claims.issued_at = now;
  claims.expires_at = now + options_.access_ttl_seconds;
  claims.token_version = user.token_version;
  IssuedTokens tokens;
  tokens.access_token = deps_.codec.Sign(claims);
  tokens.access_expires_at = claims.expires_at;
  tokens.expires_in = options_.access_ttl_seconds;
  tokens.csrf_token = CsrfTokenFor(claims.jwt_id, deps_.csrf_keys.front());
  tokens.session_id = session_id;
  return tokens;
}

IssuedTokens AuthService::Refresh(std::string_view refresh_token, const ClientContext& raw_client) {
  const ClientContext client = Bounded(raw_client);
  const std::int64_t now = clock_();
  if (refresh_token.empty() || refresh_token.size() > 256) {
    throw AuthError(AuthErrorKind::kUnauthenticated, "Sign in again.");
  }
  const std::string next_token = RandomBase64Url(kRefreshTokenBytes);
  const store::RotationResult rotation =
      deps_.sessions.Rotate(Sha256Hex(refresh_token), Sha256Hex(next_token), now);
  using Outcome = store::RotationResult::Outcome;
  switch (rotation.outcome) {
    case Outcome::kRotated: {
      const auto user = deps_.users.FindById(rotation.session.user_id);
      if (!user || !user->is_active) {
        deps_.sessions.Revoke(rotation.session.id, rotation.session.user_id, "account disabled",
                              now);
        throw AuthError(AuthErrorKind::kUnauthenticated, "Sign in again.");
      }
      IssuedTokens tokens = IssueAccessToken(*user, rotation.session.id, now);
      tokens.refresh_token = next_token;
      tokens.refresh_expires_at = rotation.session.expires_at;
      return tokens;
    }
    case Outcome::kReused: {
      const bool live = !rotation.session.revoked_at && rotation.session.expires_at > now;
      if (live && now - rotation.rotated_at < options_.rotation_grace_seconds) {
        if (const auto user = deps_.users.FindById(rotation.session.user_id);
            user && user->is_active) {
          return IssueAccessToken(*user, rotation.session.id, now);
        }
      }
      if (live) {
        deps_.sessions.Revoke(rotation.session.id, rotation.session.user_id, "refresh token reused",
                              now);
        RevokeSessions({rotation.session.id}, now);
      }
      deps_.logins.RecordEvent({now, "refresh_token_reuse", rotation.session.user_id, client.ip,
                                "session " + rotation.session.id + " revoked"});
      deps_.log.Event("Refresh token reuse for user id " +
                      std::to_string(rotation.session.user_id) + " from " + client.ip +
                      ": session " + rotation.session.id + " revoked");
      throw AuthError(AuthErrorKind::kUnauthenticated, "Sign in again.");
    }
    case Outcome::kUnknown:
    case Outcome::kInactive:
      deps_.log.Decision("refresh from " + client.ip + ": unknown, expired or revoked token");
      throw AuthError(AuthErrorKind::kUnauthenticated, "Sign in again.");
  }
  throw std::logic_error("unreachable");
}

void AuthService::Logout(const std::optional<Identity>& identity, std::string_view refresh_token,
                         const ClientContext& client) {
  const std::int64_t now = clock_();
  std::vector<std::string> ended;
  if (identity) {
    deps_.revocation.Revoke(identity->token_id, identity->token_expires_at);
    deps_.sessions.RevokeToken(identity->token_id, identity->token_expires_at);
    if (deps_.sessions.Revoke(identity->session_id, identity->user_id, "logout", now)) {
      ended.push_back(identity->session_id);
    }
  }
  if (!refresh_token.empty() && refresh_token.size() <= 256) {
    if (auto session = deps_.sessions.FindByRefreshHash(Sha256Hex(refresh_token))) {
      const bool owner = !identity || identity->user_id == session->user_id;
      if (owner && deps_.sessions.Revoke(session->id, session->user_id, "logout", now)) {
        ended.push_back(session->id);
      }
    }
  }
  RevokeSessions(ended, now);
  if (identity) {
    deps_.log.Decision("logout user id " + std::to_string(identity->user_id) + " from " +
                       client.ip);
  }
}

SignedIn AuthService::ChangePassword(const Identity& identity, std::string_view current_password,
                                     std::string_view new_password,
                                     const ClientContext& raw_client) {
  const ClientContext client = Bounded(raw_client);
  const std::int64_t now = clock_();
  const RateDecision rate =
      deps_.limiter.Hit("password-change:" + std::to_string(identity.user_id), options_.login_limit,
                        std::chrono::seconds(options_.login_window_seconds));
  if (!rate.allowed) {
    throw RateLimitedError("Too many attempts; try again later.", "login",
                           options_.login_window_seconds, rate);
  }
  store::UserRecord user = RequireUser(identity.user_id);
  if (!deps_.hasher.Verify(current_password, user.password_hash)) {
    deps_.log.Event("Failed password change for " + Who(user) + " from " + client.ip +
                    ": wrong current password");
    throw AuthError(AuthErrorKind::kWrongPassword, "The current password is not correct.",
                    "current_password");
  }
  if (auto problem = CheckPassword(new_password, user.username, user.email)) {
    throw AuthError(AuthErrorKind::kInvalidInput, *problem, "new_password");
  }
  if (new_password == current_password) {
    throw AuthError(AuthErrorKind::kInvalidInput,
                    "The new password must differ from the current one.", "new_password");
  }
  const auto version = deps_.users.UpdatePassword(user.id, deps_.hasher.Hash(new_password), now);
  if (!version) throw AuthError(AuthErrorKind::kUnauthenticated, "Sign in again.");
  AfterVersionBump(user.id, *version);
  RevokeSessions(deps_.sessions.RevokeAll(user.id, "password changed", now), now);
  deps_.logins.RecordEvent({now, "password_change", user.id, client.ip, "all sessions ended"});
  deps_.log.Event("Password changed for " + Who(user) + " from " + client.ip +
                  "; every session ended");
  user.token_version = *version;
  return {user, StartSession(user, client, now)};
}

// --- per request ----------------------------------------------------------------------------

std::optional<AuthService::CachedUser> AuthService::CurrentUser(std::int64_t user_id,
                                                                std::int64_t now) {
  {
    std::lock_guard lock(cache_mutex_);
    const auto it = user_cache_.find(user_id);
    if (it != user_cache_.end() && now - it->second.fetched_at < kUserCacheSeconds) {
      return it->second;
    }
  }
  const auto user = deps_.users.FindById(user_id);
  if (!user) return std::nullopt;
  CachedUser cached{user->username, user->role, user->is_active, user->token_version, now};
  std::lock_guard lock(cache_mutex_);
  user_cache_[user_id] = cached;
  return cached;
}

std::variant<Identity, std::string> AuthService::Authenticate(std::string_view access_token) {
  const std::int64_t now = clock_();
  const auto verified = deps_.codec.Verify(access_token, now);
  if (const auto* error = std::get_if<JwtError>(&verified)) {
    return std::string(Describe(*error));
  }
  const AccessClaims& claims = std::get<AccessClaims>(verified);
  std::int64_t user_id = 0;
  const auto [end, parse_error] = std::from_chars(
      claims.subject.data(), claims.subject.data() + claims.subject.size(), user_id);
  if (parse_error != std::errc{} || end != claims.subject.data() + claims.subject.size()) {
    return std::string("malformed subject");
  }
  if (deps_.revocation.IsRevoked(claims.jwt_id, now)) return std::string("token revoked");
  if (!claims.session_id.empty() &&
      deps_.revocation.IsRevoked(SessionRevocationId(claims.session_id), now)) {
    return std::string("session revoked");
  }
  const auto user = CurrentUser(user_id, now);
  if (!user) return std::string("no such user");
  if (!user->is_active) return std::string("account disabled");
  std::int64_t version = user->token_version;
  if (const auto shared = deps_.revocation.TokenVersion(user_id)) {
    version = *shared;
  } else {
    deps_.revocation.SetTokenVersion(user_id, version);
  }
  if (claims.token_version != version) return std::string("token version is out of date");
  return Identity{user_id,           user->username, user->role,
                  claims.session_id, claims.jwt_id,  claims.expires_at};
}

std::string AuthService::CsrfTokenFor(std::string_view token_id, std::string_view key) const {
  return HmacSha256Base64Url(key, "csrf:" + std::string(token_id));
}

bool AuthService::CsrfTokenMatches(std::string_view token_id, std::string_view csrf_token) const {
  if (csrf_token.empty()) return false;
  // As for the JWT signature: every key is tried, and in constant time, so the time taken tells
  // neither how much of a guess was right nor which key matched.
  bool matched = false;
  for (const auto& key : deps_.csrf_keys) {
    matched |= ConstantTimeEquals(CsrfTokenFor(token_id, key), csrf_token);
  }
  return matched;
}

// --- sessions and revocation ----------------------------------------------------------------

void AuthService::RevokeSessions(const std::vector<std::string>& session_ids, std::int64_t now) {
  // Access tokens of these sessions live at most access_ttl longer.
  for (const auto& id : session_ids) {
    deps_.revocation.Revoke(SessionRevocationId(id), now + options_.access_ttl_seconds);
  }
}

void AuthService::AfterVersionBump(std::int64_t user_id, std::int64_t version) {
  deps_.revocation.SetTokenVersion(user_id, version);
  std::lock_guard lock(cache_mutex_);
  user_cache_.erase(user_id);
}

store::UserRecord AuthService::RequireUser(std::int64_t user_id) {
  auto user = deps_.users.FindById(user_id);
  if (!user) throw AuthError(AuthErrorKind::kNotFound, "No such user.");
  return *user;
}

std::optional<store::UserRecord> AuthService::User(std::int64_t user_id) {
  return deps_.users.FindById(user_id);
}

std::vector<store::SessionRecord> AuthService::Sessions(const Identity& identity) {
  return deps_.sessions.ListActive(identity.user_id, clock_());
}

bool AuthService::RevokeSession(const Identity& identity, std::string_view session_id,
                                const ClientContext& client) {
  const std::int64_t now = clock_();
  if (!deps_.sessions.Revoke(session_id, identity.user_id, "ended by the user", now)) return false;
  RevokeSessions({std::string(session_id)}, now);
  deps_.log.Event("Session " + std::string(session_id) + " of user id " +
                  std::to_string(identity.user_id) + " ended by the user from " + client.ip);
  return true;
}

void AuthService::InvalidateAllTokens(const Identity& actor, std::int64_t user_id,
                                      const ClientContext& client) {
  if (!actor.is_admin() && actor.user_id != user_id) {
    deps_.log.Event("Refused token invalidation for user id " + std::to_string(user_id) +
                    " requested by user id " + std::to_string(actor.user_id) + " from " +
                    client.ip);
    throw AuthError(AuthErrorKind::kForbidden, "You may invalidate only your own tokens.");
  }
  const std::int64_t now = clock_();
  const auto version = deps_.users.BumpTokenVersion(user_id, now);
  if (!version) throw AuthError(AuthErrorKind::kNotFound, "No such user.");
  AfterVersionBump(user_id, *version);
  RevokeSessions(deps_.sessions.RevokeAll(user_id, "tokens invalidated", now), now);
  deps_.logins.RecordEvent({now, "tokens_invalidated", user_id, client.ip,
                            "by user id " + std::to_string(actor.user_id)});
  deps_.log.Event("All tokens invalidated for user id " + std::to_string(user_id) + " by user id " +
                  std::to_string(actor.user_id) + " from " + client.ip);
}

std::optional<std::int64_t> AuthService::FindUserId(std::string_view username) {
  const auto user = deps_.users.FindByLogin(username);
  if (!user) return std::nullopt;
  return user->id;
}

// --- administration -------------------------------------------------------------------------

std::vector<UserOverview> AuthService::ListUsers(std::int64_t limit, std::int64_t offset) {
  const std::int64_t now = clock_();
  std::vector<UserOverview> overview;
  for (auto& user : deps_.users.List(limit, offset)) {
    auto locked = deps_.logins.LockedUntil(AccountLockKey(user.id), now);
    overview.push_back({std::move(user), locked});
  }
  return overview;
}

std::int64_t AuthService::CountUsers() { return deps_.users.Count(); }

void AuthService::Unlock(const Identity& admin, std::int64_t user_id, const ClientContext& client) {
  const store::UserRecord user = RequireUser(user_id);
  deps_.logins.Clear(AccountLockKey(user.id));
  deps_.logins.RecordEvent(
      {clock_(), "unlock", user.id, client.ip, "by admin id " + std::to_string(admin.user_id)});
  deps_.log.Event("Unlocked " + Who(user) + " by admin " + Shown(admin.username) + " from " +
                  client.ip);
}

void AuthService::SetActive(const Identity& admin, std::int64_t user_id, bool active,
                            const ClientContext& client) {
  if (admin.user_id == user_id && !active) {
    throw AuthError(AuthErrorKind::kForbidden, "You cannot disable your own account.");
  }
  const std::int64_t now = clock_();
  const store::UserRecord user = RequireUser(user_id);
  const auto version = deps_.users.SetActive(user_id, active, now);
  if (!version) throw AuthError(AuthErrorKind::kNotFound, "No such user.");
  AfterVersionBump(user_id, *version);
  if (!active) RevokeSessions(deps_.sessions.RevokeAll(user_id, "account disabled", now), now);
  deps_.logins.RecordEvent({now, active ? "enable" : "disable", user.id, client.ip,
                            "by admin id " + std::to_string(admin.user_id)});
  deps_.log.Event(std::string(active ? "Enabled " : "Disabled ") + Who(user) + " by admin " +
                  Shown(admin.username) + " from " + client.ip);
}

store::PurgeCounts AuthService::Purge() {
  const std::int64_t now = clock_();
  return deps_.sessions.Purge(now, now - options_.attempt_retention_seconds);
}

void AuthService::LoadRevocations() {
  const std::int64_t now = clock_();
  for (const auto& [jti, expires_at] : deps_.sessions.LiveRevokedTokens(now)) {
    deps_.revocation.Revoke(jti, expires_at);
  }
  for (const auto& [session_id, revoked_at] :
       deps_.sessions.RevokedSince(now - options_.access_ttl_seconds)) {
    deps_.revocation.Revoke(SessionRevocationId(session_id),
                            revoked_at + options_.access_ttl_seconds);
  }
}

}  // namespace auth
