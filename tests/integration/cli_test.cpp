// The backlog command line: help everywhere, clear errors and exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;

CommandResult Backlog(const std::vector<std::string>& args) {
  TempDir dir;
  return RunBacklog(args, DefaultServiceEnv(dir.path()), dir.path());
}

TEST(Cli, HelpListsEverySubcommand) {
  const CommandResult help = Backlog({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  for (const char* name : {"serve", "migrate", "db", "version"}) {
    EXPECT_THAT(help.output, HasSubstr(name));
  }
}

TEST(Cli, EverySubcommandHasHelp) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"serve", "--help"},
                                               {"migrate", "--help"},
                                               {"db", "--help"},
                                               {"db", "backup", "--help"},
                                               {"version", "--help"}}) {
    const CommandResult result = Backlog(args);
    EXPECT_EQ(result.exit_code, 0) << args[0];
    EXPECT_THAT(result.output, HasSubstr("Usage")) << args[0];
  }
}

TEST(Cli, BadArgumentsFailWithAMessageAndExitCode2) {
  const CommandResult unknown = Backlog({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.output, HasSubstr("frobnicate"));

  const CommandResult none = Backlog({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.output, HasSubstr("subcommand"));

  const CommandResult missing_file = Backlog({"db", "backup"});
  EXPECT_EQ(missing_file.exit_code, 2);
  EXPECT_THAT(missing_file.output, HasSubstr("FILE"));
}

TEST(Cli, VersionPrintsTheBuild) {
  const CommandResult text = Backlog({"version"});
  EXPECT_EQ(text.exit_code, 0);
  EXPECT_THAT(text.output, HasSubstr("backlog 0.1.0"));
  const CommandResult json = Backlog({"version", "--json"});
  ASSERT_EQ(json.exit_code, 0);
  const auto parsed = nlohmann::json::parse(json.output);
  EXPECT_EQ(parsed["version"], "0.1.0");
  EXPECT_FALSE(parsed["git_commit"].get<std::string>().empty());
}

}  // namespace
}  // namespace testing_support
