#pragma once

// Internal to store/sqlite: the SQL seam (store/sql/sql.hpp) over the SQLite C API.

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "store/sql/sql.hpp"

namespace store::sqlite {

class SqliteError : public sql::Error {
 public:
  SqliteError(int code, const std::string& message);
  int code() const { return code_; }

 private:
  int code_;
};

class Statement final : public sql::Statement {
 public:
  Statement(sqlite3* db, std::string_view sql, bool persistent);
  ~Statement() override;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  using sql::Statement::Bind;
  sql::Statement& Bind(int index, std::int64_t value) override;
  sql::Statement& Bind(int index, double value) override;
  sql::Statement& Bind(int index, std::string_view text) override;
  sql::Statement& BindNull(int index) override;

  bool Step() override;
  void Reset() override;

  std::int64_t ColumnInt(int column) const override;
  double ColumnDouble(int column) const override;
  std::string ColumnText(int column) const override;
  bool ColumnIsNull(int column) const override;
  int ColumnCount() const override;
  std::string ColumnName(int column) const override;
  int ParameterCount() const override;

 private:
  sqlite3* db_;
  sqlite3_stmt* statement_ = nullptr;
};

class Connection final : public sql::Connection {
 public:
  struct Options {
    std::filesystem::path path;
    int busy_timeout_ms = 5000;
    bool read_only = false;
  };

  explicit Connection(const Options& options);
  ~Connection() override;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  void Exec(std::string_view sql) override;
  sql::Statement& Prepare(std::string_view sql) override;
  std::int64_t Changes() override;
  // SQLite has one writer at a time whatever the isolation asked for: BEGIN IMMEDIATE.
  void Begin(sql::Isolation isolation) override;
  void Commit() override;
  void Rollback() override;
  const sql::Dialect& dialect() const override;

  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, std::unique_ptr<Statement>, std::less<>> statements_;
};

// Throws SqliteError with the connection's message when `code` is not OK/ROW/DONE.
void Check(sqlite3* db, int code, std::string_view what);

}  // namespace store::sqlite
