#pragma once

// The one seam between the repositories and a SQL engine. Repositories (store/sql/*_store) are
// written once against these interfaces in the SQL both engines accept, with `?` placeholders;
// store/sqlite and store/postgres implement them. Only prepared statements with bound
// parameters touch data; Exec() is for the static SQL of migrations and session settings.

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.hpp"
#include "store/migration.hpp"

namespace store::sql {

// A failed statement or connection. The message is for the operator's log.
class Error : public std::runtime_error {
 public:
  enum class Kind { kOther, kBusy, kConstraint, kUnavailable };
  Error(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class Statement {
 public:
  virtual ~Statement() = default;

  virtual Statement& Bind(int index, std::int64_t value) = 0;
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  virtual Statement& Bind(int index, double value) = 0;
  virtual Statement& Bind(int index, std::string_view text) = 0;
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  virtual Statement& BindNull(int index) = 0;

  // Binds the arguments to parameters 1..N.
  template <typename... Args>
  Statement& BindAll(const Args&... args) {
    int index = 0;
    (Bind(++index, args), ...);
    return *this;
  }

  // True while a row is available; false once the statement is done.
  virtual bool Step() = 0;
  // Runs to completion, for statements that return no rows.
  void Run() {
    while (Step()) {
    }
  }
  // Clears bindings and rewinds, so the statement can be reused.
  virtual void Reset() = 0;

  virtual std::int64_t ColumnInt(int column) const = 0;
  virtual double ColumnDouble(int column) const = 0;
  virtual std::string ColumnText(int column) const = 0;
  virtual bool ColumnIsNull(int column) const = 0;
  virtual int ColumnCount() const = 0;
  virtual std::string ColumnName(int column) const = 0;

  virtual int ParameterCount() const = 0;
};

// How a transaction keeps concurrent writers apart.
enum class Isolation {
  // One writer at a time in the whole database, like SQLite's BEGIN IMMEDIATE: the repositories'
  // read-check-write sequences (no active job, next event number) need no more thought.
  kSingleWriter,
  // Only the rows the statements lock; for the hot path of claiming jobs, which locks its row
  // with Dialect::skip_locked so idle instances polling for work never queue behind writers.
  kRowLocks,
};

struct Dialect {
  std::string_view name;         // "sqlite" or "postgresql"
  std::string_view skip_locked;  // appended to a SELECT that picks a row to take
  // A statement with one parameter (a job id) telling other instances, at commit, that the job
  // has new events; empty where there is no such channel (their event streams poll).
  std::string_view notify_job_events;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Runs static SQL (one or more statements) without parameters.
  virtual void Exec(std::string_view sql) = 0;

  // A cached prepared statement for `sql`, reset and ready to bind. The reference stays valid
  // for the connection's lifetime; use it before preparing the same SQL again.
  virtual Statement& Prepare(std::string_view sql) = 0;

  // Rows inserted, updated or deleted by the statement that ran last.
  virtual std::int64_t Changes() = 0;

  virtual void Begin(Isolation isolation) = 0;
  virtual void Commit() = 0;
  virtual void Rollback() = 0;

  virtual const Dialect& dialect() const = 0;
};

// Begin … Commit, rolled back when the scope exits without Commit().
class Transaction {
 public:
  explicit Transaction(Connection& connection, Isolation isolation = Isolation::kSingleWriter);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

// A pooled SQL database the repositories run on.
class Database : public store::Database {
 public:
  // Runs `work` with a pooled connection; waits for a free one up to the configured timeout.
  virtual void WithConnection(const std::function<void(Connection&)>& work) = 0;

  // Applies the migrations the database lacks, each in its own transaction together with its
  // row in schema_migrations. Safe against another process migrating at the same time.
  MigrationReport Migrate(const std::vector<Migration>& migrations);
  MigrationReport Migrate() { return Migrate(EmbeddedMigrations()); }

  // This backend's migrations, embedded in the binary.
  virtual const std::vector<Migration>& EmbeddedMigrations() const = 0;

  // Reads the schema version and the instance row through a pooled connection.
  HealthReport CheckHealth() override;
};

}  // namespace store::sql
