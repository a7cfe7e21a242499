// The auth service's rules against its real SQLite stores, with the clocks injected: lockout per
// account, the registration budget per address, taken names refused before hashing, and CSRF
// tokens across a key rotation.
#include "auth/auth_service.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/sql/sql_login_store.hpp"
#include "store/sql/sql_session_store.hpp"
#include "store/sql/sql_user_store.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace auth {
namespace {

constexpr const char* kPassword = "correct horse battery staple";
constexpr const char* kWrongPassword = "not the right password";
constexpr const char* kSigningKey = "unit-test-signing-key-0123456789abcdef0123456789";
constexpr const char* kOtherKey = "unit-test-other-key-0123456789abcdef0123456789ab";

// The real user store, counting the accounts it was asked to create: the password is hashed
// just before that call, so no call means no hashing time spent.
class CountingUserStore final : public store::UserStore {
 public:
  explicit CountingUserStore(store::UserStore& inner) : inner_(inner) {}

  store::CreateUserOutcome Create(const store::NewUser& user, std::int64_t now,
                                  store::UserRecord* created) override {
    ++creates;
    return inner_.Create(user, now, created);
  }
  std::optional<store::UserRecord> FindById(std::int64_t id) override {
    return inner_.FindById(id);
  }
  std::optional<store::UserRecord> FindByLogin(std::string_view login) override {
    return inner_.FindByLogin(login);
  }
  std::vector<store::UserRecord> List(std::int64_t limit, std::int64_t offset) override {
    return inner_.List(limit, offset);
  }
  std::int64_t Count() override { return inner_.Count(); }
  std::optional<std::int64_t> UpdatePassword(std::int64_t id, std::string_view hash,
                                             std::int64_t now) override {
    return inner_.UpdatePassword(id, hash, now);
  }
  std::optional<std::int64_t> BumpTokenVersion(std::int64_t id, std::int64_t now) override {
    return inner_.BumpTokenVersion(id, now);
  }
  std::optional<std::int64_t> SetActive(std::int64_t id, bool active, std::int64_t now) override {
    return inner_.SetActive(id, active, now);
  }

  int creates = 0;

 private:
  store::UserStore& inner_;
};

class AuthServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/backlog-auth-service-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    database_ = std::make_unique<store::sqlite::SqliteDatabase>(
        store::sqlite::SqliteOptions{dir_ / "auth.db", 5000, 4});
    database_->Migrate(store::sqlite::EmbeddedMigrations());
    sqlite_users_ = std::make_unique<store::sql::SqlUserStore>(*database_);
    users_ = std::make_unique<CountingUserStore>(*sqlite_users_);
    sessions_ = std::make_unique<store::sql::SqlSessionStore>(*database_);
    logins_ = std::make_unique<store::sql::SqlLoginStore>(*database_);
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
  std::unique_ptr<store::sql::SqlUserStore> sqlite_users_;
  std::unique_ptr<CountingUserStore> users_;
  std::unique_ptr<store::sql::SqlSessionStore> sessions_;
  std::unique_ptr<store::sql::SqlLoginStore> logins_;
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

// --- registration ---------------------------------------------------------------------------

TEST_F(AuthServiceTest, ATakenNameOrEmailIsRefusedBeforeThePasswordIsHashed) {
  Register("wanda");
  ASSERT_EQ(users_->creates, 1);
  try {
    service_->Register({"WANDA", "someone.else@example.com", kPassword, "", "user"},
                       {"192.0.2.1", "test"});
    ADD_FAILURE() << "a taken name was registered";
  } catch (const AuthError& error) {
    EXPECT_EQ(error.kind(), AuthErrorKind::kAccountExists);
    EXPECT_EQ(error.field(), "username");
  }
  try {
    service_->Register({"wanda2", "Wanda@Example.COM", kPassword, "", "user"},
                       {"192.0.2.1", "test"});
    ADD_FAILURE() << "a taken e-mail address was registered";
  } catch (const AuthError& error) {
    EXPECT_EQ(error.kind(), AuthErrorKind::kAccountExists);
    EXPECT_EQ(error.field(), "email");
  }
  EXPECT_EQ(users_->creates, 1);  // neither reached the store, so neither was hashed
  // Validation still comes first.
  EXPECT_EQ(ErrorOf([&] {
              service_->Register({"wanda", "wanda@example.com", "short", "", "user"},
                                 {"192.0.2.1", "test"});
            }),
            AuthErrorKind::kInvalidInput);
}

TEST_F(AuthServiceTest, RegistrationHasABudgetPerAddressApartFromSignIn) {
  options_.login_limit = 3;
  service_ = MakeService({kSigningKey});
  // The default budget: 10 registrations per address per hour.
  for (int i = 0; i < 10; ++i) Register("member" + std::to_string(i), "198.51.100.7");
  try {
    Register("member10", "198.51.100.7");
    ADD_FAILURE() << "the eleventh registration from one address in an hour was accepted";
  } catch (const AuthError& error) {
    EXPECT_EQ(error.kind(), AuthErrorKind::kRateLimited);
    EXPECT_EQ(error.rate.limit, 10);
    EXPECT_EQ(error.rate.remaining, 0);
    EXPECT_GE(error.retry_after_seconds(), 1);
    EXPECT_LE(error.retry_after_seconds(), 3600);
  }
  // Taken names count too: they are refused by the limit before anything is looked up.
  EXPECT_EQ(ErrorOf([&] { Register("member0", "198.51.100.7"); }), AuthErrorKind::kRateLimited);
  EXPECT_EQ(users_->creates, 10);

  // The address can still sign in, and other addresses can still register.
  EXPECT_EQ(Login("member0", kPassword, "198.51.100.7"), std::nullopt);
  EXPECT_EQ(ErrorOf([&] { Register("member10", "198.51.100.8"); }), std::nullopt);

  // The window ends.
  steady_now_ += std::chrono::seconds(3600);
  EXPECT_EQ(ErrorOf([&] { Register("member11", "198.51.100.7"); }), std::nullopt);
}

TEST_F(AuthServiceTest, SignInAttemptsDoNotUseUpTheRegistrationBudget) {
  options_.login_limit = 3;
  service_ = MakeService({kSigningKey});
  for (int attempt = 0; attempt < 3; ++attempt) Login("nobody", kWrongPassword, "198.51.100.9");
  ASSERT_EQ(Login("nobody", kWrongPassword, "198.51.100.9"), AuthErrorKind::kRateLimited);
  EXPECT_EQ(ErrorOf([&] { Register("newcomer", "198.51.100.9"); }), std::nullopt);
}

// --- CSRF tokens ----------------------------------------------------------------------------

TEST_F(AuthServiceTest, ACsrfTokenMatchesItsAccessTokenUnderTheCurrentOrAPreviousKeyOnly) {
  const SignedIn signed_in = Register("csrf");
  const auto identity = service_->Authenticate(signed_in.tokens.access_token);
  ASSERT_TRUE(std::holds_alternative<Identity>(identity));
  const std::string token_id = std::get<Identity>(identity).token_id;
  const std::string& csrf = signed_in.tokens.csrf_token;

  EXPECT_TRUE(service_->CsrfTokenMatches(token_id, csrf));
  EXPECT_FALSE(service_->CsrfTokenMatches(token_id, ""));
  EXPECT_FALSE(service_->CsrfTokenMatches(token_id, csrf.substr(0, csrf.size() - 1)));
  EXPECT_FALSE(service_->CsrfTokenMatches(token_id, csrf + "A"));
  std::string altered = csrf;
  altered.front() = altered.front() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(service_->CsrfTokenMatches(token_id, altered));
  EXPECT_FALSE(service_->CsrfTokenMatches(token_id + "0", csrf));

  // After a key rotation the old key is listed second: tokens issued before still match.
  EXPECT_TRUE(MakeService({kOtherKey, kSigningKey})->CsrfTokenMatches(token_id, csrf));
  EXPECT_FALSE(MakeService({kOtherKey})->CsrfTokenMatches(token_id, csrf));
}

}  // namespace
}  // namespace auth
