#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "store/auth_records.hpp"

namespace store {

enum class CreateUserOutcome { kCreated, kUsernameTaken, kEmailTaken };

// Accounts. Username and e-mail are unique without regard to case.
class UserStore {
 public:
  virtual ~UserStore() = default;

  virtual CreateUserOutcome Create(const NewUser& user, std::int64_t now, UserRecord* created) = 0;
  virtual std::optional<UserRecord> FindById(std::int64_t id) = 0;
  // By user name, or by e-mail when `login` contains '@'.
  virtual std::optional<UserRecord> FindByLogin(std::string_view login) = 0;
  virtual std::vector<UserRecord> List(std::int64_t limit, std::int64_t offset) = 0;
  virtual std::int64_t Count() = 0;

  // Each of these bumps the token version and returns the new one (nullopt: no such user).
  virtual std::optional<std::int64_t> UpdatePassword(std::int64_t id, std::string_view hash,
                                                     std::int64_t now) = 0;
  virtual std::optional<std::int64_t> BumpTokenVersion(std::int64_t id, std::int64_t now) = 0;
  virtual std::optional<std::int64_t> SetActive(std::int64_t id, bool active, std::int64_t now) = 0;
};

}  // namespace store
