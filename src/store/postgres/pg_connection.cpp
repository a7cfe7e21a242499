#include "store/postgres/pg_connection.hpp"

#include <charconv>
#include <cstdlib>
#include <cstring>

namespace store::postgres {
namespace {

// The channel is kJobEventsChannel (pg_listener.hpp); NOTIFY is delivered when the transaction
// commits.
constexpr sql::Dialect kDialect{"postgresql", " FOR UPDATE SKIP LOCKED",
                                "SELECT pg_notify('backlog_job_events', ?)"};

sql::Error::Kind KindOf(const char* sqlstate) {
  if (!sqlstate) return sql::Error::Kind::kUnavailable;  // no answer from the server
  const std::string_view state(sqlstate);
  if (state.starts_with("23")) return sql::Error::Kind::kConstraint;
  if (state.starts_with("08") || state.starts_with("57P")) return sql::Error::Kind::kUnavailable;
  // Serialization failure, deadlock, lock not available / lock_timeout.
  if (state == "40001" || state == "40P01" || state == "55P03") return sql::Error::Kind::kBusy;
  return sql::Error::Kind::kOther;
}

std::string Trimmed(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::pair<std::string, int> NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int count = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (c == '\'' || c == '"') {
      // Copy through the closing quote; a doubled quote is an escaped one and continues.
      out += c;
      for (++i; i < sql.size(); ++i) {
        out += sql[i];
        if (sql[i] == c) {
          if (i + 1 < sql.size() && sql[i + 1] == c) {
            out += sql[++i];
            continue;
          }
          break;
        }
      }
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      const std::size_t end = sql.find('\n', i);
      const std::size_t stop = end == std::string_view::npos ? sql.size() : end;
      out.append(sql.substr(i, stop - i));
      i = stop - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++count);
    } else {
      out += c;
    }
  }
  return {out, count};
}

PgStatement::PgStatement(PgConnection& connection, std::string name, int parameter_count)
    : connection_(connection),
      name_(std::move(name)),
      values_(static_cast<std::size_t>(parameter_count)) {}

PgStatement::~PgStatement() { PQclear(result_); }

void PgStatement::SetParameter(int index, std::optional<std::string> value) {
  if (index < 1 || index > static_cast<int>(values_.size())) {
    throw sql::Error(sql::Error::Kind::kOther, "binding parameter " + std::to_string(index) +
                                                   " of a statement with " +
                                                   std::to_string(values_.size()));
  }
  values_[static_cast<std::size_t>(index - 1)] = std::move(value);
}

sql::Statement& PgStatement::Bind(int index, std::int64_t value) {
  SetParameter(index, std::to_string(value));
  return *this;
}

sql::Statement& PgStatement::Bind(int index, double value) {
  char text[32];
  const auto written = std::to_chars(text, text + sizeof text, value);  // shortest round trip
  SetParameter(index, std::string(text, written.ptr));
  return *this;
}

sql::Statement& PgStatement::Bind(int index, std::string_view text) {
  // A NUL cannot travel in a text value; refuse rather than cut the value short.
  if (text.find('\0') != std::string_view::npos) {
    throw sql::Error(sql::Error::Kind::kConstraint, "a text value contains a NUL character");
  }
  SetParameter(index, std::string(text));
  return *this;
}

sql::Statement& PgStatement::BindNull(int index) {
  SetParameter(index, std::nullopt);
  return *this;
}

bool PgStatement::Step() {
  if (!result_) {
    std::vector<const char*> pointers;
    pointers.reserve(values_.size());
    for (const auto& value : values_) pointers.push_back(value ? value->c_str() : nullptr);
    result_ = connection_.Check(
        PQexecPrepared(connection_.handle(), name_.c_str(), static_cast<int>(pointers.size()),
                       pointers.data(), nullptr, nullptr, 0),
        "running a statement", true);
    rows_ = PQntuples(result_);
    row_ = -1;
    const char* affected = PQcmdTuples(result_);
    connection_.set_changes(affected && *affected ? std::atoll(affected) : 0);
  }
  if (row_ < rows_) ++row_;
  return row_ < rows_;
}

void PgStatement::Reset() {
  PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  rows_ = 0;
  for (auto& value : values_) value.reset();
}

const char* PgStatement::Value(int column) const {
  if (!result_ || row_ < 0 || row_ >= rows_ || column < 0 || column >= PQnfields(result_)) {
    throw sql::Error(sql::Error::Kind::kOther, "reading a column with no row");
  }
  return PQgetvalue(result_, row_, column);
}

std::int64_t PgStatement::ColumnInt(int column) const {
  const char* text = Value(column);
  if (std::strcmp(text, "t") == 0) return 1;  // booleans, e.g. a comparison selected
  if (std::strcmp(text, "f") == 0) return 0;
  return std::strtoll(text, nullptr, 10);
}

double PgStatement::ColumnDouble(int column) const { return std::strtod(Value(column), nullptr); }

std::string PgStatement::ColumnText(int column) const {
  const char* text = Value(column);
  return std::string(text, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::string PgStatement::ColumnName(int column) const {
  const char* name = result_ ? PQfname(result_, column) : nullptr;
  return name ? name : "";
}

bool PgStatement::ColumnIsNull(int column) const {
  Value(column);
  return PQgetisnull(result_, row_, column) != 0;
}

PgConnection::PgConnection(const std::string& conninfo, std::chrono::seconds connect_timeout) {
  // Keywords later in the list win: the URL may set its own connect_timeout and
  // application_name, but the encoding is always UTF-8.
  const std::string timeout = std::to_string(connect_timeout.count());
  const char* keywords[] = {"connect_timeout", "application_name", "dbname", "client_encoding",
                            nullptr};
  const char* values[] = {timeout.c_str(), "agile-backlog", conninfo.c_str(), "UTF8", nullptr};
  conn_ = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (!conn_ || PQstatus(conn_) != CONNECTION_OK) {
    const std::string message =
        conn_ ? Trimmed(PQerrorMessage(conn_)) : std::string("out of memory");
    PQfinish(conn_);
    conn_ = nullptr;
    throw sql::Error(sql::Error::Kind::kUnavailable, "connecting to PostgreSQL failed: " + message);
  }
}

PgConnection::~PgConnection() {
  statements_.clear();
  PQfinish(conn_);
}

PGresult* PgConnection::Check(PGresult* result, std::string_view what, bool keep) {
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
    if (keep) return result;
    PQclear(result);
    return nullptr;
  }
  const char* sqlstate = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message(what);
  message += ": ";
  message += Trimmed(result ? PQresultErrorMessage(result) : PQerrorMessage(conn_));
  if (message.ends_with(": ")) message += Trimmed(PQerrorMessage(conn_));
  const auto kind = KindOf(sqlstate);
  PQclear(result);
  throw sql::Error(kind, message);
}

void PgConnection::Exec(std::string_view sql) {
  const std::string text(sql);
  Check(PQexec(conn_, text.c_str()), "running SQL", false);
}

sql::Statement& PgConnection::Prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    auto [numbered, count] = NumberPlaceholders(sql);
    std::string name = "s" + std::to_string(statements_.size() + 1);
    Check(PQprepare(conn_, name.c_str(), numbered.c_str(), 0, nullptr), "preparing a statement",
          false);
    it =
        statements_
            .emplace(std::string(sql), std::make_unique<PgStatement>(*this, std::move(name), count))
            .first;
  } else {
    it->second->Reset();
  }
  return *it->second;
}

void PgConnection::Begin(sql::Isolation isolation) {
  if (isolation == sql::Isolation::kSingleWriter) {
    // Writers queue on one transaction-scoped advisory lock, released at COMMIT or ROLLBACK.
    Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
  } else {
    Exec("BEGIN");
  }
}

void PgConnection::Commit() { Exec("COMMIT"); }

void PgConnection::Rollback() { Exec("ROLLBACK"); }

const sql::Dialect& PgConnection::dialect() const { return kDialect; }

bool PgConnection::Reusable() const {
  return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
}

}  // namespace store::postgres
