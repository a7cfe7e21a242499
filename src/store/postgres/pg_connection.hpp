#pragma once

// Internal to store/postgres: the SQL seam (store/sql/sql.hpp) over libpq. Statements are
// prepared once per connection on the server; their `?` placeholders become $1..$N. Values
// travel as text and the server types them from the statement, so the repositories' SQL runs
// unchanged on both engines.

#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/sql/sql.hpp"

namespace store::postgres {

class PgConnection;

class PgStatement final : public sql::Statement {
 public:
  PgStatement(PgConnection& connection, std::string name, int parameter_count);
  ~PgStatement() override;
  PgStatement(const PgStatement&) = delete;
  PgStatement& operator=(const PgStatement&) = delete;

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
  int ColumnCount() const override { return result_ ? PQnfields(result_) : 0; }
  std::string ColumnName(int column) const override;
  int ParameterCount() const override { return static_cast<int>(values_.size()); }

 private:
  const char* Value(int column) const;
  void SetParameter(int index, std::optional<std::string> value);

  PgConnection& connection_;
  std::string name_;
  std::vector<std::optional<std::string>> values_;
  PGresult* result_ = nullptr;
  int row_ = -1;
  int rows_ = 0;
};

class PgConnection final : public sql::Connection {
 public:
  // `conninfo` is a postgresql:// URL or key=value string as libpq reads them.
  PgConnection(const std::string& conninfo, std::chrono::seconds connect_timeout);
  ~PgConnection() override;
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  void Exec(std::string_view sql) override;
  sql::Statement& Prepare(std::string_view sql) override;
  std::int64_t Changes() override { return changes_; }
  void Begin(sql::Isolation isolation) override;
  void Commit() override;
  void Rollback() override;
  const sql::Dialect& dialect() const override;

  // False once the server closed the connection or a transaction was left open: the pool
  // drops such a connection instead of handing it out again.
  bool Reusable() const;

  PGconn* handle() { return conn_; }

  // Takes ownership of `result` and throws sql::Error unless it reports success. Returns it
  // when the caller keeps it (`keep`), frees it otherwise and returns nullptr.
  PGresult* Check(PGresult* result, std::string_view what, bool keep);
  void set_changes(std::int64_t changes) { changes_ = changes; }

 private:
  PGconn* conn_ = nullptr;
  std::map<std::string, std::unique_ptr<PgStatement>, std::less<>> statements_;
  std::int64_t changes_ = 0;
};

// "… WHERE a = ? AND b = '?'" -> "… WHERE a = $1 AND b = '?'", and the number of parameters.
// Question marks inside quoted strings, quoted identifiers and comments stay as they are.
std::pair<std::string, int> NumberPlaceholders(std::string_view sql);

// The advisory lock key every single-writer transaction takes ("backlog" in ASCII).
inline constexpr std::int64_t kWriteLockKey = 0x6261636b6c6f67;

}  // namespace store::postgres
