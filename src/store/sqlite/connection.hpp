#pragma once

// Internal to store/sqlite: a thin RAII layer over the SQLite C API. Only prepared statements
// with bound parameters touch data; Exec() is for the static SQL of migrations and pragmas.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace store::sqlite {

class SqliteError : public std::runtime_error {
 public:
  SqliteError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql, bool persistent);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, int value) { return Bind(index, static_cast<std::int64_t>(value)); }
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, const char* text) { return Bind(index, std::string_view(text)); }
  Statement& Bind(int index, const std::string& text) {
    return Bind(index, std::string_view(text));
  }
  Statement& BindNull(int index);

  // Binds the arguments to parameters 1..N.
  template <typename... Args>
  Statement& BindAll(const Args&... args) {
    int index = 0;
    (Bind(++index, args), ...);
    return *this;
  }

  // True while a row is available; false once the statement is done.
  bool Step();
  // Runs to completion, for statements that return no rows.
  void Run();
  // Clears bindings and rewinds, so the statement can be reused.
  void Reset();

  std::int64_t ColumnInt(int column) const;
  double ColumnDouble(int column) const;
  std::string ColumnText(int column) const;
  bool ColumnIsNull(int column) const;

  sqlite3_stmt* handle() { return statement_; }

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

class Connection {
 public:
  struct Options {
    std::filesystem::path path;
    int busy_timeout_ms = 5000;
    bool read_only = false;
  };

  explicit Connection(const Options& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs static SQL (one or more statements) without parameters.
  void Exec(std::string_view sql);

  // A cached prepared statement for `sql`, reset and ready to bind. The reference stays valid
  // for the connection's lifetime; use it before preparing the same SQL again.
  Statement& Prepare(std::string_view sql);

  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

// Throws SqliteError with the connection's message when `code` is not OK/ROW/DONE.
void Check(sqlite3* db, int code, std::string_view what);

// BEGIN IMMEDIATE … COMMIT, rolled back when the scope exits without Commit().
class Transaction {
 public:
  explicit Transaction(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void Commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace store::sqlite
