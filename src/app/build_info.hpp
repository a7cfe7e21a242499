#pragma once

#include <string_view>

namespace app {

// Filled in at build time from the project version and the git commit.
struct BuildInfo {
  std::string_view version;  // e.g. "0.1.0"
  std::string_view
      build_version;            // version + build day + commit, e.g. "0.1.0+20261127.1a2b3c4d5e6f"
  std::string_view git_commit;  // short hash, "-dirty" when built from uncommitted changes
  std::string_view built_at;    // UTC, ISO 8601, when this commit was first built here
};

const BuildInfo& GetBuildInfo();

}  // namespace app
