#include "store/sql/sql_user_store.hpp"

#include <functional>

#include "store/sql/sql.hpp"

namespace store::sql {
namespace {

constexpr std::string_view kColumns =
    "id, username, email, full_name, password_hash, role, is_active, token_version, created_at, "
    "updated_at";

UserRecord ReadUser(const Statement& row) {
  UserRecord user;
  user.id = row.ColumnInt(0);
  user.username = row.ColumnText(1);
  user.email = row.ColumnText(2);
  user.full_name = row.ColumnText(3);
  user.password_hash = row.ColumnText(4);
  user.role = row.ColumnText(5);
  user.is_active = row.ColumnInt(6) != 0;
  user.token_version = row.ColumnInt(7);
  user.created_at = row.ColumnInt(8);
  user.updated_at = row.ColumnInt(9);
  return user;
}

std::optional<UserRecord> QueryOne(Database& database, const std::string& sql,
                                   const std::string& key) {
  std::optional<UserRecord> user;
  database.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare(sql);
    query.BindAll(key);
    if (query.Step()) user = ReadUser(query);
    query.Reset();
  });
  return user;
}

}  // namespace

std::string FoldCase(std::string_view text) {
  std::string folded(text);
  for (auto& c : folded) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return folded;
}

CreateUserOutcome SqlUserStore::Create(const NewUser& user, std::int64_t now, UserRecord* created) {
  CreateUserOutcome outcome = CreateUserOutcome::kCreated;
  database_.WithConnection([&](Connection& connection) {
    Transaction transaction(connection);
    auto& taken = connection.Prepare(
        "SELECT (SELECT count(*) FROM users WHERE username_key = ?), "
        "(SELECT count(*) FROM users WHERE email_key = ?)");
    taken.BindAll(FoldCase(user.username), FoldCase(user.email));
    taken.Step();
    const bool username_taken = taken.ColumnInt(0) > 0;
    const bool email_taken = taken.ColumnInt(1) > 0;
    taken.Reset();
    if (username_taken || email_taken) {
      outcome = username_taken ? CreateUserOutcome::kUsernameTaken : CreateUserOutcome::kEmailTaken;
      return;
    }
    auto& insert = connection.Prepare(
        "INSERT INTO users (username, username_key, email, email_key, full_name, "
        "password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id");
    insert.BindAll(user.username, FoldCase(user.username), user.email, FoldCase(user.email),
                   user.full_name, user.password_hash, user.role, now, now);
    insert.Step();
    const std::int64_t id = insert.ColumnInt(0);
    insert.Reset();
    transaction.Commit();
    if (created) {
      *created = UserRecord{
          id, user.username, user.email, user.full_name, user.password_hash, user.role, true,
          0,  now,           now};
    }
  });
  return outcome;
}

std::optional<UserRecord> SqlUserStore::FindById(std::int64_t id) {
  std::optional<UserRecord> user;
  database_.WithConnection([&](Connection& connection) {
    auto& query =
        connection.Prepare("SELECT " + std::string(kColumns) + " FROM users WHERE id = ?");
    query.BindAll(id);
    if (query.Step()) user = ReadUser(query);
    query.Reset();
  });
  return user;
}

std::optional<UserRecord> SqlUserStore::FindByLogin(std::string_view login) {
  const bool is_email = login.find('@') != std::string_view::npos;
  return QueryOne(database_,
                  "SELECT " + std::string(kColumns) + " FROM users WHERE " +
                      (is_email ? "email_key" : "username_key") + " = ?",
                  FoldCase(login));
}

std::vector<UserRecord> SqlUserStore::List(std::int64_t limit, std::int64_t offset) {
  std::vector<UserRecord> users;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT " + std::string(kColumns) +
                                     " FROM users ORDER BY id LIMIT ? OFFSET ?");
    query.BindAll(limit, offset);
    while (query.Step()) users.push_back(ReadUser(query));
    query.Reset();
  });
  return users;
}

std::int64_t SqlUserStore::Count() {
  std::int64_t count = 0;
  database_.WithConnection([&](Connection& connection) {
    auto& query = connection.Prepare("SELECT count(*) FROM users");
    query.Step();
    count = query.ColumnInt(0);
    query.Reset();
  });
  return count;
}

namespace {

// Runs an UPDATE that also bumps token_version and returns the new version.
std::optional<std::int64_t> UpdateAndBump(Database& database, const std::string& set_clause,
                                          const std::function<void(Statement&)>& bind,
                                          std::int64_t id) {
  std::optional<std::int64_t> version;
  database.WithConnection([&](Connection& connection) {
    auto& update = connection.Prepare("UPDATE users SET " + set_clause +
                                      ", token_version = token_version + 1 WHERE id = ? "
                                      "RETURNING token_version");
    bind(update);
    update.Bind(update.ParameterCount(), id);
    if (update.Step()) version = update.ColumnInt(0);
    update.Reset();
  });
  return version;
}

}  // namespace

std::optional<std::int64_t> SqlUserStore::UpdatePassword(std::int64_t id, std::string_view hash,
                                                         std::int64_t now) {
  return UpdateAndBump(
      database_, "password_hash = ?, updated_at = ?",
      [&](Statement& statement) { statement.Bind(1, hash).Bind(2, now); }, id);
}

std::optional<std::int64_t> SqlUserStore::BumpTokenVersion(std::int64_t id, std::int64_t now) {
  return UpdateAndBump(
      database_, "updated_at = ?", [&](Statement& statement) { statement.Bind(1, now); }, id);
}

std::optional<std::int64_t> SqlUserStore::SetActive(std::int64_t id, bool active,
                                                    std::int64_t now) {
  return UpdateAndBump(
      database_, "is_active = ?, updated_at = ?",
      [&](Statement& statement) { statement.Bind(1, active ? 1 : 0).Bind(2, now); }, id);
}

}  // namespace store::sql
