#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <filesystem>

#include "store/migration.hpp"
#include "store/postgres/postgres_database.hpp"
#include "store/sqlite/sqlite_database.hpp"

namespace store::sqlite {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class MigrationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/backlog-migrations-XXXXXX";
    ASSERT_NE(::mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ / "nested" / "db" / "test.db";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  bool TableExists(const std::string& name) {
    sqlite3* db = nullptr;
    sqlite3_open(path_.c_str(), &db);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name=?", -1,
                       &statement, nullptr);
    sqlite3_bind_text(statement, 1, name.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_step(statement);
    const bool exists = sqlite3_column_int(statement, 0) == 1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return exists;
  }

  std::filesystem::path dir_;
  std::filesystem::path path_;
};

const std::vector<Migration> kTwo = {
    {1, "0001_a.sql", "CREATE TABLE a (id INTEGER PRIMARY KEY);"},
    {2, "0002_b.sql", "CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER REFERENCES a(id));"},
};

TEST_F(MigrationsTest, AppliesPendingMigrationsOnceInOrder) {
  SqliteDatabase database({path_, 1000, 2});
  EXPECT_THAT(database.Migrate({kTwo[0]}).applied, ElementsAre(1));
  const auto report = database.Migrate(kTwo);
  EXPECT_THAT(report.applied, ElementsAre(2));
  EXPECT_EQ(report.schema_version, 2);
  EXPECT_TRUE(database.Migrate(kTwo).applied.empty());
  EXPECT_TRUE(TableExists("a"));
  EXPECT_TRUE(TableExists("b"));
}

TEST_F(MigrationsTest, CreatesPrivateFoldersAndFile) {
  SqliteDatabase database({path_, 1000, 1});
  struct stat info {};
  ASSERT_EQ(::stat(path_.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ASSERT_EQ(::stat(path_.parent_path().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
  ASSERT_EQ(::stat((dir_ / "nested").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700u);
}

TEST_F(MigrationsTest, AFailingMigrationLeavesNoTraceAndNamesItself) {
  SqliteDatabase database({path_, 1000, 1});
  const std::vector<Migration> broken = {
      kTwo[0],
      {2, "0002_broken.sql",
       "CREATE TABLE half (id INTEGER); INSERT INTO missing_table VALUES (1);"},
  };
  try {
    database.Migrate(broken);
    FAIL() << "expected MigrationError";
  } catch (const MigrationError& error) {
    EXPECT_THAT(error.what(), HasSubstr("0002_broken.sql failed and was rolled back"));
  }
  EXPECT_TRUE(TableExists("a"));                                // the good one stays applied
  EXPECT_FALSE(TableExists("half"));                            // nothing of the broken one remains
  EXPECT_THAT(database.Migrate(kTwo).applied, ElementsAre(2));  // and a fixed one applies later
}

TEST_F(MigrationsTest, RefusesEditedMigrationsAndNewerDatabases) {
  {
    SqliteDatabase database({path_, 1000, 1});
    database.Migrate(kTwo);
  }
  SqliteDatabase database({path_, 1000, 1});
  std::vector<Migration> edited = kTwo;
  edited[0].sql = "CREATE TABLE a (id INTEGER PRIMARY KEY, extra TEXT);";
  EXPECT_THROW(database.Migrate(edited), MigrationError);
  EXPECT_THROW(database.Migrate({kTwo[0]}), MigrationError);  // the database is at 2
}

TEST_F(MigrationsTest, HealthCheckRunsARealQuery) {
  SqliteDatabase database({path_, 1000, 1});
  database.Migrate(EmbeddedMigrations());
  const HealthReport healthy = database.CheckHealth();
  EXPECT_TRUE(healthy.ok) << healthy.error;
  EXPECT_EQ(healthy.schema_version, static_cast<int>(EmbeddedMigrations().size()));

  sqlite3* db = nullptr;
  sqlite3_open(path_.c_str(), &db);
  sqlite3_exec(db, "DELETE FROM instance", nullptr, nullptr, nullptr);
  sqlite3_close(db);
  const HealthReport broken = database.CheckHealth();
  EXPECT_FALSE(broken.ok);
  EXPECT_THAT(broken.error, HasSubstr("incomplete"));
}

TEST_F(MigrationsTest, LockoutCountersOfAnAccountsNameAndEmailBecomeOneAccountCounter) {
  SqliteDatabase database({path_, 1000, 1});
  const auto& all = EmbeddedMigrations();
  ASSERT_GE(all.size(), 6u);
  ASSERT_EQ(all[5].name, "0006_lockout_per_account.sql");
  database.Migrate({all.begin(), all.begin() + 5});

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "INSERT INTO users (id, username, username_key, email, email_key, "
                         "password_hash, created_at, updated_at) VALUES "
                         "(1, 'Vera', 'vera', 'Vera@example.com', 'vera@example.com', 'x', 0, 0), "
                         "(2, 'walt', 'walt', 'walt@example.com', 'walt@example.com', 'x', 0, 0);"
                         "INSERT INTO account_locks (username_key, failures, window_started_at, "
                         "locked_until) VALUES ('vera', 3, 1000, NULL), "
                         "('vera@example.com', 2, 1100, NULL), ('walt@example.com', 5, 900, 2000), "
                         "('ghost', 4, 1200, NULL), ('account:1', 1, 1300, NULL)",
                         nullptr, nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(db);

  database.Migrate(all);
  std::vector<std::string> rows;
  sqlite3_stmt* query = nullptr;
  sqlite3_prepare_v2(db,
                     "SELECT lock_key || ' ' || failures || ' ' || window_started_at || ' ' || "
                     "ifnull(locked_until, '-') FROM account_locks ORDER BY lock_key",
                     -1, &query, nullptr);
  while (sqlite3_step(query) == SQLITE_ROW) {
    rows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(query, 0)));
  }
  sqlite3_finalize(query);
  sqlite3_close(db);
  // A name's and an e-mail's failures add up; a name that is no account keeps its own counter,
  // and so does one that only looks like an account's key.
  EXPECT_THAT(rows, ElementsAre("account:1 5 1100 -", "account:2 5 900 2000",
                                "login:account:1 1 1300 -", "login:ghost 4 1200 -"));
}

TEST(MigrationList, MustBeNumberedFromOneWithoutGaps) {
  EXPECT_NO_THROW(ValidateMigrationList(kTwo));
  EXPECT_THROW(ValidateMigrationList({kTwo[1]}), std::invalid_argument);
  EXPECT_THROW(ValidateMigrationList({kTwo[0], kTwo[0]}), std::invalid_argument);
  EXPECT_NE(MigrationChecksum("a"), MigrationChecksum("b"));
}

TEST(EmbeddedMigrations, AreNumberedAndNonEmpty) {
  const auto& migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_NO_THROW(ValidateMigrationList(migrations));
  EXPECT_EQ(migrations[0].name, "0001_instance.sql");
  for (const auto& migration : migrations) EXPECT_FALSE(migration.sql.empty());
}

// Each schema change is written once per engine under the same number and name, so a database
// copied from one engine to the other is at the same version.
TEST(EmbeddedMigrations, PostgresqlHasTheSameNumberedChangesAsSqlite) {
  const auto& sqlite = EmbeddedMigrations();
  const auto& postgresql = store::postgres::EmbeddedMigrations();
  EXPECT_NO_THROW(ValidateMigrationList(postgresql));
  ASSERT_EQ(postgresql.size(), sqlite.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(postgresql[i].name, sqlite[i].name);
  }
}

}  // namespace
}  // namespace store::sqlite
