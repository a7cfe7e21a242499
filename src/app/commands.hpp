#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "app/config.hpp"

namespace app {

// Exit codes shared by every subcommand.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,                // the command ran and failed (database error, port in use, ...)
  kExitBadConfig = 2,              // invalid configuration or arguments
  kExitCompletedWithWarnings = 3,  // backlog generate: done, with items flagged for review
  kExitCancelled = 130,            // interrupted (Ctrl-C), as shells report SIGINT
};

struct CommandContext {
  std::filesystem::path env_file = ".env";
  // The umask the program was started with (it then tightens its own to 077): files made for
  // the user, like an exported backlog, get the permissions the user expects.
  unsigned user_umask = 022;
};

struct LoadedConfig {
  Config config;
  std::vector<std::string> unknown_file_variables;  // in the .env file, not read by anything
};
// The configuration from the environment and the .env file, with `overrides` (command-line
// options that stand for variables) winning over both and validated like them; prints the
// problem and returns nullopt when it is invalid.
std::optional<LoadedConfig> LoadCommandConfig(const CommandContext& context, Purpose purpose,
                                              const EnvironmentMap& overrides = {});

int RunServe(const CommandContext& context);
int RunMigrate(const CommandContext& context);
int RunBackup(const CommandContext& context, const std::filesystem::path& destination);
// Copies the installation at DATABASE_URL `from` into the empty database at `to`.
int RunDbCopy(const CommandContext& context, const std::string& from, const std::string& to);
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
