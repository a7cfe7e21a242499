#pragma once

#include <filesystem>
#include <string>

#include "app/commands.hpp"

namespace app {

struct PushArguments {
  std::filesystem::path backlog_file;  // JSON written by `backlog generate`
  std::string organization_url;        // overrides AZURE_DEVOPS_ORG_URL
  std::string project;                 // overrides AZURE_DEVOPS_PROJECT
  std::string area_path;               // overrides AZURE_DEVOPS_AREA_PATH
  std::string iteration_path;          // overrides AZURE_DEVOPS_ITERATION_PATH
  std::filesystem::path state_file;    // default: BACKLOG_FILE + ".push-state"
  bool create_missing_paths = false;
  bool quiet = false;
};

// `backlog push`: uploads a backlog file to Azure DevOps with the service's uploader, keeping
// the outbox in a local state file (SQLite) beside the file, so running it again after an
// interruption resumes without duplicates. The PAT comes from AZURE_DEVOPS_PAT only (never the
// command line, where other users could read it). Exit codes: 0 every item created, 3 some
// items failed, 1 the push stopped (connection, token), 2 bad input, 130 interrupted.
int RunPush(const CommandContext& context, const PushArguments& arguments);

}  // namespace app
