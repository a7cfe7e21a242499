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

}  // namespace app
