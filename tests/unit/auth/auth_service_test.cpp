// The auth service's rules against its real SQLite stores, with the clock injected: lockout per
// account.
#include "auth/auth_service.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/sqlite/sqlite_database.hpp"
#include "store/sqlite/sqlite_login_store.hpp"
#include "store/sqlite/sqlite_session_store.hpp"
#include "store/sqlite/sqlite_user_store.hpp"

namespace auth {
namespace {

constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kWrongPassword = "not the right password";
constexpr const char* kSigningKey = "unit-test-signing-key-0123456789abcdef0123456789";
constexpr const char* kOtherKey = "unit-test-other-key-0123456789abcdef0123456789ab";

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/backlog-auth-service-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    database_ = std::make_unique<store::sqlite::SqliteDatabase>(
        store::sqlite::SqliteOptions{dir_ / "auth.db", 5000, 4});
    database_->Migrate(store::sqlite::EmbeddedMigrations());
    users_ = std::make_unique<store::sqlite::SqliteUserStore>(*database_);
    sessions_ = std::make_unique<store::sqlite::SqliteSessionStore>(*database_);
    logins_ = std::make_unique<store::sqlite::SqliteLoginStore>(*database_);
    options_.lockout = {5, 900, 900};
    options_.login_limit = 1000;  // the per-address limit is not what most tests are about
    service_ = MakeService({kSigningKey});
  }
  void TearDown() override {
    service_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<AuthService> MakeService(std::vector<std::string> csrf_keys) {
    return std::make_unique<AuthService>(
        options_,
        AuthDependencies{*users_, *sessions_, *logins_, hasher_, codec_, revocation_, limiter_,
                         log_, std::move(csrf_keys)},
        [this] { return now_; });
  }

  SignedIn Register(const std::string& name, const std::string& ip = "192.0.2.1") {
    return service_->Register({name, name + "@example.com", kPassword, "", "user"}, {ip, "test"});
  }

  // The kind of error a call throws, or nullopt when it succeeds.
  template <typename Call>
  static std::optional<AuthErrorKind> ErrorOf(Call&& call) {
    try {
      call();
      return std::nullopt;
    } catch (const AuthError& error) {
      return error.kind();
    }
  }
  std::optional<AuthErrorKind> Login(const std::string& login, const std::string& password,
                                     const std::string& ip = "192.0.2.1") {
    return ErrorOf([&] { service_->Login(login, password, {ip, "test"}); });
  }
  std::optional<std::int64_t> LockedUntilInTheAdminList(std::int64_t user_id) {
    for (const auto& overview : service_->ListUsers(100, 0)) {
      if (overview.user.id == user_id) return overview.locked_until;
    }
    ADD_FAILURE() << "user " << user_id << " is not listed";
    return std::nullopt;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::sqlite::SqliteDatabase> database_;
  std::unique_ptr<store::sqlite::SqliteUserStore> users_;
  std::unique_ptr<store::sqlite::SqliteSessionStore> sessions_;
  std::unique_ptr<store::sqlite::SqliteLoginStore> logins_;
  PasswordHasher hasher_{PasswordHasher::kMinimumCost};
  JwtCodec codec_{kSigningKey, {kOtherKey}};
  InMemoryRevocationState revocation_;
  std::chrono::steady_clock::time_point steady_now_{std::chrono::hours(1000)};
  InMemoryRateLimiter limiter_{[this] { return steady_now_; }};
  AuthLog log_{{}, false, false};
  std::int64_t now_ = 1'800'000'000;
  AuthOptions options_;
  std::unique_ptr<AuthService> service_;
};

const Identity kAdmin{1, "chief", "admin", "session", "token", 0};

// --- lockout per account --------------------------------------------------------------------

TEST_F(AuthServiceTest, AfterFiveFailuresByNameTheEmailAddressCannotSignInEither) {
  Register("vera");
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(Login("vera", kWrongPassword), AuthErrorKind::kInvalidCredentials) << attempt;
  }
  EXPECT_EQ(Login("vera@example.com", kPassword), AuthErrorKind::kLocked);
  EXPECT_EQ(Login("VERA@EXAMPLE.COM", kWrongPassword), AuthErrorKind::kLocked);
  EXPECT_EQ(Login("vera", kPassword), AuthErrorKind::kLocked);
}

TEST_F(AuthServiceTest, FailuresByNameAndByEmailAddUpToOneThreshold) {
  Register("walt");
  for (const char* login : {"walt", "walt@example.com", "WALT", "Walt@Example.com", "walt"}) {
    EXPECT_EQ(Login(login, kWrongPassword), AuthErrorKind::kInvalidCredentials) << login;
  }
  EXPECT_EQ(Login("walt@example.com", kPassword), AuthErrorKind::kLocked);
}

TEST_F(AuthServiceTest, TheAccountLockEndsOnTimeAndASuccessResetsTheCount) {
  Register("xena");
  for (int attempt = 0; attempt < 5; ++attempt) Login("xena@example.com", kWrongPassword);
  EXPECT_EQ(Login("xena", kPassword), AuthErrorKind::kLocked);
  now_ += 899;
  EXPECT_EQ(Login("xena", kPassword), AuthErrorKind::kLocked);
  now_ += 1;
  EXPECT_EQ(Login("xena", kPassword), std::nullopt);
  for (const char* login : {"xena", "xena@example.com", "xena", "xena@example.com"}) {
    EXPECT_EQ(Login(login, kWrongPassword), AuthErrorKind::kInvalidCredentials) << login;
  }
  EXPECT_EQ(Login("xena@example.com", kPassword), std::nullopt);
}

TEST_F(AuthServiceTest, ALoginThatNamesNoAccountLocksAloneAndAnswersLikeAKnownOne) {
  Register("yuri");
  std::optional<AuthError> known;
  std::optional<AuthError> unknown;
  for (int attempt = 0; attempt < 6; ++attempt) {
    for (const char* login : {"yuri", "nobody"}) {
      try {
        service_->Login(login, kWrongPassword, {"192.0.2.1", "test"});
      } catch (const AuthError& error) {
        (std::string(login) == "nobody" ? unknown : known).emplace(error);
      }
    }
  }
  ASSERT_TRUE(known && unknown);
  EXPECT_EQ(known->kind(), AuthErrorKind::kLocked);
  EXPECT_EQ(unknown->kind(), AuthErrorKind::kLocked);
  EXPECT_STREQ(unknown->what(), known->what());
  EXPECT_EQ(unknown->retry_after_seconds(), known->retry_after_seconds());
  // A name that is no account is counted on its own: other unknown logins are not locked by it.
  EXPECT_EQ(Login("nobody@example.com", kWrongPassword), AuthErrorKind::kInvalidCredentials);
  EXPECT_EQ(Login("somebody", kWrongPassword), AuthErrorKind::kInvalidCredentials);
}

TEST_F(AuthServiceTest, TheAdminListShowsALockMadeThroughTheEmailAndUnlockLiftsIt) {
  const SignedIn zoe = Register("zoe");
  for (int attempt = 0; attempt < 5; ++attempt) Login("zoe@example.com", kWrongPassword);
  ASSERT_EQ(Login("zoe", kPassword), AuthErrorKind::kLocked);
  EXPECT_EQ(LockedUntilInTheAdminList(zoe.user.id), std::optional<std::int64_t>(now_ + 900));

  service_->Unlock(kAdmin, zoe.user.id, {"192.0.2.9", "test"});
  EXPECT_EQ(LockedUntilInTheAdminList(zoe.user.id), std::nullopt);
  EXPECT_EQ(Login("zoe@example.com", kPassword), std::nullopt);
}

}  // namespace
}  // namespace auth
