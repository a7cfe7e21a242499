// The database: private file modes, migrations (on both backends), and backups taken while
// writes happen.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "store/sqlite/sqlite_database.hpp"
#include "support/auth_helpers.hpp"
#include "support/http_client.hpp"
#include "support/pipeline_api.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

const std::int64_t kLatestSchema =
    static_cast<std::int64_t>(store::sqlite::EmbeddedMigrations().size());

using ::testing::HasSubstr;
using ::testing::Not;

std::int64_t FileInt(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string());
  }
  sqlite3_stmt* statement = nullptr;
  std::int64_t value = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = sqlite3_column_int64(statement, 0);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

std::string FileText(const std::filesystem::path& file, const char* sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* statement = nullptr;
  std::string value;
  if (sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK &&
      sqlite3_step(statement) == SQLITE_ROW) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

void FileExec(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 10'000);  // the running service writes too
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

TEST(DatabaseFiles, AreCreatedPrivate) {
  Service service;
  ASSERT_EQ(HttpGet(service.port(), "/api/health").status, 200);
  EXPECT_EQ(FileMode(service.dir() / "data"), 0700u);
  EXPECT_EQ(FileMode(service.database_path()), 0600u);
  auto wal = service.database_path();
  wal += "-wal";
  EXPECT_EQ(FileMode(wal), 0600u);
  EXPECT_EQ(FileMode(service.dir() / "logs" / "backlog.log") & 0077u, 0u);
}

TEST(Backup, IsConsistentWhileAnotherProcessWrites) {
  Service service;
  const auto database = service.database_path();
  FileExec(database, "CREATE TABLE load (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");

  // A writer keeps committing small transactions for the whole test.
  std::atomic<bool> stop{false};
  std::atomic<std::int64_t> committed{0};
  std::thread writer([&] {
    sqlite3* db = nullptr;
    sqlite3_open(database.c_str(), &db);
    sqlite3_busy_timeout(db, 10'000);  // the running service writes too
    sqlite3_busy_timeout(db, 5000);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    while (!stop) {
      if (sqlite3_exec(db,
                       "BEGIN; INSERT INTO load (payload) VALUES (hex(randomblob(64)));"
                       "INSERT INTO load (payload) VALUES (hex(randomblob(64))); COMMIT;",
                       nullptr, nullptr, nullptr) == SQLITE_OK) {
        committed += 2;
      }
    }
    sqlite3_close(db);
  });
  while (committed < 200) std::this_thread::yield();

  for (int round = 0; round < 3; ++round) {
    const auto destination = service.dir() / ("backup-" + std::to_string(round) + ".db");
    const std::int64_t before = committed;
    const CommandResult result = RunBacklog({"db", "backup", destination.string()},
                                            DefaultServiceEnv(service.dir()), service.dir());
    const std::int64_t after = committed;
    ASSERT_EQ(result.exit_code, 0) << result.output;
    EXPECT_THAT(result.output, HasSubstr("backed up"));
    EXPECT_EQ(FileMode(destination), 0600u);
    EXPECT_EQ(FileText(destination, "PRAGMA integrity_check"), "ok");
    const std::int64_t rows = FileInt(destination, "SELECT count(*) FROM load");
    // A snapshot: whole transactions only, taken between the two counts.
    EXPECT_EQ(rows % 2, 0);
    EXPECT_GE(rows, before);
    EXPECT_LE(rows, after + 2);
    EXPECT_EQ(FileInt(destination, "SELECT max(version) FROM schema_migrations"), kLatestSchema);
    EXPECT_FALSE(std::filesystem::exists(destination.string() + "-wal"));
  }
  stop = true;
  writer.join();
  // The service kept serving throughout.
  EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 200);
}

TEST(Backup, RefusesToOverwriteAndNeedsADatabase) {
  Service service;
  const auto env = DefaultServiceEnv(service.dir());
  const auto existing = service.dir() / "existing.db";
  WriteFile(existing, "keep me");
  const CommandResult overwrite =
      RunBacklog({"db", "backup", existing.string()}, env, service.dir());
  EXPECT_EQ(overwrite.exit_code, 1);
  EXPECT_THAT(overwrite.output, HasSubstr("already exists"));
  EXPECT_EQ(ReadFile(existing), "keep me");

  TempDir empty;
  const CommandResult missing = RunBacklog({"db", "backup", (empty / "copy.db").string()},
                                           DefaultServiceEnv(empty.path()), empty.path());
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("there is no database"));
  EXPECT_FALSE(std::filesystem::exists(empty / "data" / "agile_backlog.db"));
}

TEST(Migrate, AppliesOnceAndThenReportsNothingToDo) {
  TempDir dir;
  const auto env = DefaultServiceEnv(dir.path());
  const CommandResult first = RunBacklog({"migrate"}, env, dir.path());
  EXPECT_EQ(first.exit_code, 0) << first.output;
  EXPECT_THAT(first.output, HasSubstr("applied 0001_instance.sql"));
  const CommandResult second = RunBacklog({"migrate"}, env, dir.path());
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_THAT(first.output, HasSubstr("applied 0002_auth.sql"));
  EXPECT_THAT(second.output,
              HasSubstr("schema version " + std::to_string(kLatestSchema) + " (nothing to apply)"));
  EXPECT_EQ(QueryInt(dir.path(), "SELECT count(*) FROM schema_migrations"), kLatestSchema);
}

TEST(Migrate, InstancesStartingTogetherMigrateOnce) {
  TempDir dir;
  const auto env = DefaultServiceEnv(dir.path());
  std::vector<std::thread> starts;
  std::vector<CommandResult> results(4);
  for (auto& result : results) {
    starts.emplace_back([&] { result = RunBacklog({"migrate"}, env, dir.path()); });
  }
  for (auto& start : starts) start.join();
  int applied_first = 0;
  for (const auto& result : results) {
    EXPECT_EQ(result.exit_code, 0) << result.output;
    if (result.output.find("applied 0001_instance.sql") != std::string::npos) ++applied_first;
  }
  EXPECT_EQ(applied_first, 1);
  EXPECT_EQ(QueryInt(dir.path(), "SELECT count(*) FROM schema_migrations"), kLatestSchema);
  EXPECT_EQ(QueryInt(dir.path(), "SELECT count(*) FROM instance"), 1);
}

TEST(Migrate, RefusesADatabaseFromANewerBuildOrWithAnEditedMigration) {
  TempDir dir;
  const auto env = DefaultServiceEnv(dir.path());
  ASSERT_EQ(RunBacklog({"migrate"}, env, dir.path()).exit_code, 0);
  const auto database = dir.path();

  const std::string future = std::to_string(kLatestSchema + 1);
  ExecSql(database,
          "INSERT INTO schema_migrations VALUES (" + future + ", 'future.sql', 'x', 'now')");
  const CommandResult newer = RunBacklog({"serve"}, env, dir.path(), std::chrono::seconds(20));
  EXPECT_EQ(newer.exit_code, 1);
  EXPECT_THAT(newer.output,
              HasSubstr("schema version " + future + " but this build knows only up to " +
                        std::to_string(kLatestSchema)));

  ExecSql(database, "DELETE FROM schema_migrations WHERE version = " + future +
                        ";"
                        "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");
  const CommandResult edited = RunBacklog({"migrate"}, env, dir.path());
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_THAT(edited.output, HasSubstr("0001_instance.sql differs from the one applied"));
}

// Run by the PostgreSQL pass only (the SQLite pass leaves it out): the backup is pg_dump's.
TEST(PostgresBackup, DumpsTheDatabaseChecksItAndKeepsItPrivate) {
  ASSERT_TRUE(UsesPostgres());
  TempDir dir;
  const auto env = DefaultServiceEnv(dir.path());
  ASSERT_EQ(RunBacklog({"migrate"}, env, dir.path()).exit_code, 0);
  ExecSql(dir.path(),
          "INSERT INTO users (username, username_key, email, email_key, password_hash, "
          "created_at, updated_at) VALUES ('kept', 'kept', 'k@example.com', 'k@example.com', "
          "'x', 1, 1)");
  const auto file = dir / "backup.dump";
  const CommandResult backup = RunBacklog({"db", "backup", file.string()}, env, dir.path());
  ASSERT_EQ(backup.exit_code, 0) << backup.output;
  EXPECT_THAT(backup.output, HasSubstr("pg_dump custom format"));
  EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  const CommandResult listed = RunProgram({"/usr/bin/pg_restore", "--list", file.string()});
  EXPECT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr("TABLE public users"));
  // Never over an existing file.
  const CommandResult again = RunBacklog({"db", "backup", file.string()}, env, dir.path());
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.output, HasSubstr("already exists"));
}

// Both backends: BACKUP_DIR gets a checked backup at start and then every interval, only the
// newest BACKUP_KEEP stay, and the newest restores (as the README says) to a working service.
TEST(ScheduledBackups, AreWrittenRotatedAndRestoreToAWorkingService) {
  TempDir dir;
  const auto backups = dir / "backups";
  Service service(Service::InFolder{dir.path()},
                  AuthTestEnv({{"BACKUP_DIR", backups.string()},
                               {"BACKUP_INTERVAL_HOURS", "0.0005"},  // every 2 s
                               {"BACKUP_KEEP", "2"}}));
  RegisterUser(service.port(), "ada");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(40);
  const auto written = [&] {
    const std::string log = service.process().Output();
    int count = 0;
    for (auto at = log.find("backup written"); at != std::string::npos;
         at = log.find("backup written", at + 1)) {
      ++count;
    }
    return count;
  };
  while (written() < 4) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << service.process().Output();
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(backups)) {
    files.push_back(entry.path());
  }
  ASSERT_EQ(files.size(), 2u) << "BACKUP_KEEP=2";
  EXPECT_THAT(HttpGet(service.port(), "/metrics").body,
              Not(HasSubstr("backlog_backup_last_success_timestamp_seconds 0\n")));
  EXPECT_EQ(std::filesystem::status(backups).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_all);
  const auto newest = *std::max_element(files.begin(), files.end());
  EXPECT_EQ(std::filesystem::status(newest).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);

  // Restore into a new place and start the service there.
  TempDir restored;
  if (UsesPostgres()) {
    const CommandResult restore = RunProgram({"/usr/bin/pg_restore", "--no-owner", "--dbname",
                                              DatabaseUrlFor(restored.path()), newest.string()});
    ASSERT_EQ(restore.exit_code, 0) << restore.output;
  } else {
    std::filesystem::create_directories(restored / "data");
    std::filesystem::copy_file(newest, restored / "data" / "agile_backlog.db");
  }
  Service again(Service::InFolder{restored.path()}, AuthTestEnv());
  EXPECT_EQ(Login(again.port(), "ada", "correct horse battery staple").status, 200);
}

// Run by the PostgreSQL pass only: an SQLite installation moves to PostgreSQL and works there.
TEST(PostgresCopy, MovesAnSqliteInstallationThatThenWorksOnPostgresql) {
  ASSERT_TRUE(UsesPostgres());
  TempDir old_dir;
  const std::string sqlite_url = "sqlite://" + (old_dir / "data" / "agile_backlog.db").string();
  SignedInClient ada;
  std::string project_id;
  {
    Service old_service(AuthTestEnv({{"DATABASE_URL", sqlite_url}}));
    ada = RegisterUser(old_service.port(), "ada");
    project_id = CreateProject(old_service.port(), ada, LimitsJson(1, 1, 1, 1, 1))["id"];
    ASSERT_EQ(old_service.Stop(), std::optional<int>(0));
  }
  TempDir new_dir;
  const std::string postgres_url = DatabaseUrlFor(new_dir.path());
  const auto env = DefaultServiceEnv(new_dir.path());
  const CommandResult copy =
      RunBacklog({"db", "copy", sqlite_url, postgres_url}, env, new_dir.path());
  ASSERT_EQ(copy.exit_code, 0) << copy.output;
  EXPECT_THAT(copy.output, HasSubstr("users: 1 of 1 rows"));
  EXPECT_THAT(copy.output, HasSubstr("projects: 1 of 1 rows"));
  EXPECT_THAT(copy.output, HasSubstr("sessions: 1 of 1 rows"));
  EXPECT_EQ(copy.output.find("postgres@"), std::string::npos) << "the URL's user-info is shown";

  // The same installation on PostgreSQL: the account signs in, the project is there, the
  // installation id (which marks its tracker work items) moved along, new rows get fresh ids.
  Service moved(Service::InFolder{new_dir.path()}, AuthTestEnv());
  SignedInClient again;
  ASSERT_EQ(Login(moved.port(), "ada", "correct horse battery staple", &again).status, 200);
  EXPECT_EQ(GetJson(moved.port(), again, "/api/projects/" + project_id)["id"], project_id);
  const SignedInClient ben = RegisterUser(moved.port(), "ben");
  EXPECT_GT(ben.user_id, ada.user_id);

  // A second copy into a database that has accounts is refused and writes nothing.
  const CommandResult twice =
      RunBacklog({"db", "copy", sqlite_url, postgres_url}, env, new_dir.path());
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_THAT(twice.output, HasSubstr("already has accounts"));
  EXPECT_EQ(QueryInt(new_dir.path(), "SELECT count(*) FROM users"), 2);
}

// Run by the PostgreSQL pass only, on a server of its own that it stops and starts again: while
// the database is down every API request is a 503 with Retry-After (nginx fails GETs over to
// another instance on it), health says so, and the service recovers by itself.
TEST(PostgresOutage, IsA503WithRetryAfterAndTheServiceRecoversWhenTheDatabaseReturns) {
  ASSERT_TRUE(UsesPostgres());
  TempDir state;
  const std::string script = std::string(BACKLOG_SOURCE_DIR) + "/tests/support/postgres-server.sh";
  const CommandResult started = RunProgram({script, "start", state.path().string()});
  ASSERT_EQ(started.exit_code, 0) << started.output;
  const std::string server = started.output.substr(0, started.output.find('\n'));
  ASSERT_EQ(RunProgram({"/usr/bin/psql", "-q", server + "postgres", "-c", "CREATE DATABASE outage"})
                .exit_code,
            0);
  struct StopServer {
    std::vector<std::string> command;
    ~StopServer() { RunProgram(command); }
  } stop_server{{script, "stop", state.path().string()}};

  Service service(AuthTestEnv({{"DATABASE_URL", server + "outage"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  ASSERT_EQ(HttpGet(service.port(), "/api/projects", ada.Bearer()).status, 200);

  ASSERT_EQ(RunProgram({script, "pause", state.path().string()}).exit_code, 0);
  for (int i = 0; i < 3; ++i) {
    const HttpResponse down = HttpGet(service.port(), "/api/projects", ada.Bearer());
    EXPECT_EQ(down.status, 503) << down.body;
    EXPECT_EQ(down.Header("Retry-After"), "5");
    EXPECT_THAT(down.body, HasSubstr("database_unavailable"));
    EXPECT_EQ(down.body.find("127.0.0.1"), std::string::npos) << "the server's address leaked";
  }
  EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 503);

  ASSERT_EQ(RunProgram({script, "resume", state.path().string()}).exit_code, 0);
  // Connections lost with the server are dropped from the pool, not handed out again.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(HttpGet(service.port(), "/api/projects", ada.Bearer()).status, 200) << i;
  }
  EXPECT_EQ(HttpGet(service.port(), "/api/health").status, 200);
}

}  // namespace
}  // namespace testing_support
