#pragma once

#include <filesystem>
#include <string>

namespace app {

// Exit codes shared by every subcommand.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,    // the command ran and failed (database error, port in use, ...)
  kExitBadConfig = 2,  // invalid configuration or arguments
};

struct CommandContext {
  std::filesystem::path env_file = ".env";
};

int RunServe(const CommandContext& context);
int RunMigrate(const CommandContext& context);
int RunBackup(const CommandContext& context, const std::filesystem::path& destination);
int RunVersion(bool json);

struct NewUserArguments {
  std::string username;
  std::string email;
  std::string full_name;
  bool admin = false;
};
// Creates an account; the password is prompted for (twice, not echoed) on a terminal, or read
// as one line from standard input otherwise. Never from an argument or a default.
int RunUserCreate(const CommandContext& context, const NewUserArguments& arguments);
// Deletes expired sessions and revocations and login data past the retention period now.
int RunAuthPurge(const CommandContext& context);

}  // namespace app
