#pragma once

#include "store/sql/sql.hpp"
#include "store/user_store.hpp"

namespace store::sql {

class SqlUserStore final : public UserStore {
 public:
  explicit SqlUserStore(Database& database) : database_(database) {}

  CreateUserOutcome Create(const NewUser& user, std::int64_t now, UserRecord* created) override;
  std::optional<UserRecord> FindById(std::int64_t id) override;
  std::optional<UserRecord> FindByLogin(std::string_view login) override;
  std::vector<UserRecord> List(std::int64_t limit, std::int64_t offset) override;
  std::int64_t Count() override;
  std::optional<std::int64_t> UpdatePassword(std::int64_t id, std::string_view hash,
                                             std::int64_t now) override;
  std::optional<std::int64_t> BumpTokenVersion(std::int64_t id, std::int64_t now) override;
  std::optional<std::int64_t> SetActive(std::int64_t id, bool active, std::int64_t now) override;

 private:
  Database& database_;
};

// Lower-case ASCII, the key names and e-mails are unique by.
std::string FoldCase(std::string_view text);

}  // namespace store::sql
