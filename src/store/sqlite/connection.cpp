#include "store/sqlite/connection.hpp"

namespace store::sqlite {

namespace {

sql::Error::Kind KindOf(int code) {
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return sql::Error::Kind::kBusy;
    case SQLITE_CONSTRAINT:
      return sql::Error::Kind::kConstraint;
    case SQLITE_CANTOPEN:
      return sql::Error::Kind::kUnavailable;
    default:
      return sql::Error::Kind::kOther;
  }
}

constexpr sql::Dialect kDialect{"sqlite", "", ""};

}  // namespace

SqliteError::SqliteError(int code, const std::string& message)
    : sql::Error(KindOf(code), message), code_(code) {}

void Check(sqlite3* db, int code, std::string_view what) {
  if (code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE) return;
  std::string message(what);
  message += ": ";
  message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  throw SqliteError(code, message);
}

Statement::Statement(sqlite3* db, std::string_view sql, bool persistent) : db_(db) {
  const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0;
  const char* tail = nullptr;
  Check(
      db_,
      sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &statement_, &tail),
      "preparing a statement");
}

Statement::~Statement() { sqlite3_finalize(statement_); }

sql::Statement& Statement::Bind(int index, std::int64_t value) {
  Check(db_, sqlite3_bind_int64(statement_, index, value), "binding a parameter");
  return *this;
}

sql::Statement& Statement::Bind(int index, double value) {
  Check(db_, sqlite3_bind_double(statement_, index, value), "binding a parameter");
  return *this;
}

sql::Statement& Statement::Bind(int index, std::string_view text) {
  Check(db_,
        sqlite3_bind_text64(statement_, index, text.data(), text.size(), SQLITE_TRANSIENT,
                            SQLITE_UTF8),
        "binding a parameter");
  return *this;
}

sql::Statement& Statement::BindNull(int index) {
  Check(db_, sqlite3_bind_null(statement_, index), "binding a parameter");
  return *this;
}

bool Statement::Step() {
  const int code = sqlite3_step(statement_);
  Check(db_, code, "running a statement");
  return code == SQLITE_ROW;
}

void Statement::Reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::int64_t Statement::ColumnInt(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::ColumnDouble(int column) const {
  return sqlite3_column_double(statement_, column);
}

std::string Statement::ColumnText(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (!text) return {};
  return std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

bool Statement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

int Statement::ColumnCount() const { return sqlite3_column_count(statement_); }

std::string Statement::ColumnName(int column) const {
  const char* name = sqlite3_column_name(statement_, column);
  return name ? name : "";
}

int Statement::ParameterCount() const { return sqlite3_bind_parameter_count(statement_); }

Connection::Connection(const Options& options) {
  // NOMUTEX: a connection is used by one thread at a time (the pool hands it out).
  const int flags =
      (options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int code = sqlite3_open_v2(options.path.c_str(), &db_, flags, nullptr);
  if (code != SQLITE_OK) {
    const std::string message = "opening " + options.path.string() + ": " +
                                (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw SqliteError(code, message);
  }
  sqlite3_busy_timeout(db_, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  statements_.clear();  // statements must be finalized before the connection closes
  if (db_) sqlite3_close_v2(db_);
}

void Connection::Exec(std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  const int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error);
  if (code != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    throw SqliteError(code, message);
  }
}

sql::Statement& Connection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql, true)).first;
  } else {
    it->second->Reset();
  }
  return *it->second;
}

std::int64_t Connection::Changes() { return sqlite3_changes64(db_); }

void Connection::Begin(sql::Isolation) { Exec("BEGIN IMMEDIATE"); }

void Connection::Commit() { Exec("COMMIT"); }

void Connection::Rollback() { Exec("ROLLBACK"); }

const sql::Dialect& Connection::dialect() const { return kDialect; }

}  // namespace store::sqlite
