// `backlog generate`: a vision file in, a complete backlog file out, against the LLM emulator.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/fake_llm.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr const char* kVision = R"(name: Clinic Scheduling
domains: [healthcare]
vision: |
  Patients book, move and cancel clinic appointments themselves and get reminders, while the
  front desk manages rooms, practitioners and a waiting list that fills cancelled slots.
target_users: Patients and front-desk staff
limits:
  max_epics: 2
  max_features_per_epic: 2
  max_stories_per_feature: 2
  max_tasks_per_story: 3
  max_test_cases_per_story: 2
)";

std::string ReadText(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void WriteText(const std::filesystem::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
}

class GenerateCommand : public ::testing::Test {
 protected:
  // The emulator knows one model, so another one fails like a mistyped model name would.
  explicit GenerateCommand(std::vector<std::string> emulator_args = {"--models", "gpt-4o-mini"})
      : fake_(std::move(emulator_args)) {
    WriteText(dir_.path() / "vision.yaml", kVision);
  }

  EnvVars Env() const {
    EnvVars env = DefaultServiceEnv(dir_.path());
    env["LLM_PROVIDER"] = "openai";
    env["LLM_MODEL"] = "gpt-4o-mini";
    env["OPENAI_BASE_URL"] = fake_.base_url();
    env["OPENAI_API_KEY"] = "sk-test-cli";
    return env;
  }

  CommandResult Generate(std::vector<std::string> args) {
    args.insert(args.begin(), "generate");
    return RunBacklog(args, Env(), dir_.path(), std::chrono::seconds(120));
  }

  TempDir dir_;
  FakeLlm fake_;
};

TEST_F(GenerateCommand, WritesACompleteBacklogWithinTheLimits) {
  const CommandResult run = Generate({"vision.yaml", "--out", "backlog.json"});
  // 3 = completed with items flagged for review: the emulator's wording is not always perfect.
  ASSERT_TRUE(run.exit_code == 0 || run.exit_code == 3) << run.output;
  EXPECT_THAT(run.output, HasSubstr("wrote 2 epics, 4 features, 8 stories"));
  EXPECT_THAT(run.output, HasSubstr("progress:"));  // not a terminal: progress lines

  const Json backlog = Json::parse(ReadText(dir_.path() / "backlog.json"));
  EXPECT_EQ(backlog["project"]["name"], "Clinic Scheduling");
  ASSERT_EQ(backlog["epics"].size(), 2u);
  for (const auto& epic : backlog["epics"]) {
    ASSERT_EQ(epic["features"].size(), 2u) << epic["title"];
    for (const auto& feature : epic["features"]) {
      EXPECT_TRUE(feature.contains("test_plan")) << feature["title"];
      ASSERT_EQ(feature["stories"].size(), 2u) << feature["title"];
      for (const auto& story : feature["stories"]) {
        EXPECT_GE(story["acceptance_criteria"].size(), 3u) << story["title"];
        EXPECT_LE(story["acceptance_criteria"].size(), 7u) << story["title"];
        EXPECT_THAT(story["user_story"].get<std::string>(), HasSubstr("As a"));
        ASSERT_GE(story["tasks"].size(), 1u) << story["title"];
        EXPECT_LE(story["tasks"].size(), 3u) << story["title"];
        for (const auto& task : story["tasks"]) {
          EXPECT_GT(task["estimate_hours"].get<double>(), 0) << task["title"];
        }
        ASSERT_GE(story["test_cases"].size(), 1u) << story["title"];
        EXPECT_LE(story["test_cases"].size(), 2u) << story["title"];
        for (const auto& test_case : story["test_cases"]) {
          ASSERT_GE(test_case["steps"].size(), 1u) << test_case["title"];
          for (const auto& step : test_case["steps"]) {
            EXPECT_FALSE(step["action"].get<std::string>().empty());
            EXPECT_FALSE(step["expected"].get<std::string>().empty());
          }
        }
      }
    }
  }
}

TEST_F(GenerateCommand, WritesEveryExportFormat) {
  const CommandResult yaml = Generate({"vision.yaml", "--out", "backlog.yml"});
  ASSERT_TRUE(yaml.exit_code == 0 || yaml.exit_code == 3) << yaml.output;
  const YAML::Node parsed = YAML::LoadFile((dir_.path() / "backlog.yml").string());
  EXPECT_EQ(parsed["epics"].size(), 2u);

  const CommandResult csv =
      Generate({"vision.yaml", "--out", "backlog.csv", "--format", "ado-csv", "--quiet"});
  ASSERT_TRUE(csv.exit_code == 0 || csv.exit_code == 3) << csv.output;
  EXPECT_THAT(csv.output, ::testing::Not(HasSubstr("progress:")));
  const std::string table = ReadText(dir_.path() / "backlog.csv");
  EXPECT_TRUE(table.starts_with("ID,Work Item Type,Title 1,Title 2,Title 3,Title 4"))
      << table.substr(0, 200);
  EXPECT_THAT(table, HasSubstr("Epic"));
  EXPECT_THAT(table, HasSubstr("User Story"));

  const CommandResult markdown = Generate({"vision.yaml", "-o", "backlog.md", "-q"});
  ASSERT_TRUE(markdown.exit_code == 0 || markdown.exit_code == 3) << markdown.output;
  EXPECT_THAT(ReadText(dir_.path() / "backlog.md"), HasSubstr("# Clinic Scheduling"));
}

TEST_F(GenerateCommand, BadInputIsRefusedWithTheLineAndExitCode2) {
  WriteText(dir_.path() / "typo.yaml",
            "name: Shop\ndomains: [retail]\nvison: A shop where customers order groceries.\n");
  const CommandResult typo = Generate({"typo.yaml", "--out", "out.json"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.output, HasSubstr("typo.yaml:3: unknown field \"vison\""));

  WriteText(dir_.path() / "domain.yaml",
            "name: Shop\ndomains: [groceries]\nvision: A shop where customers order food.\n");
  const CommandResult domain = Generate({"domain.yaml", "--out", "out.json"});
  EXPECT_EQ(domain.exit_code, 2);
  EXPECT_THAT(domain.output, HasSubstr("domain.yaml:2:"));
  EXPECT_THAT(domain.output, HasSubstr("Unknown domain \"groceries\""));

  WriteText(dir_.path() / "limits.yaml", std::string(kVision) + "  max_stories: 4\n");
  const CommandResult limit = Generate({"limits.yaml", "--out", "out.json"});
  EXPECT_EQ(limit.exit_code, 2);
  EXPECT_THAT(limit.output, HasSubstr("unknown limit \"max_stories\""));

  WriteText(dir_.path() / "broken.yaml", "name: [unclosed\n");
  const CommandResult broken = Generate({"broken.yaml", "--out", "out.json"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_THAT(broken.output, HasSubstr("not valid YAML"));

  const CommandResult csv = Generate({"vision.yaml", "--out", "out.csv"});
  EXPECT_EQ(csv.exit_code, 2);
  EXPECT_THAT(csv.output, HasSubstr("--format ado-csv"));

  const CommandResult folder = Generate({"vision.yaml", "--out", "missing/out.json"});
  EXPECT_EQ(folder.exit_code, 2);

  const CommandResult provider =
      Generate({"vision.yaml", "--out", "out.json", "--provider", "skynet"});
  EXPECT_EQ(provider.exit_code, 2);
  EXPECT_THAT(provider.output, HasSubstr("LLM_PROVIDER"));

  EnvVars keyless = Env();
  keyless.erase("OPENAI_API_KEY");
  const CommandResult no_key = RunBacklog({"generate", "vision.yaml", "--out", "out.json"}, keyless,
                                          dir_.path(), std::chrono::seconds(60));
  EXPECT_EQ(no_key.exit_code, 2);
  EXPECT_THAT(no_key.output, HasSubstr("OPENAI_API_KEY is not set"));

  EXPECT_EQ(fake_.ChatRequests(), 0);  // nothing was generated for bad input
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "out.json"));
}

TEST_F(GenerateCommand, AFailingProviderGivesExitCode1AndSaysWhy) {
  const CommandResult run =
      Generate({"vision.yaml", "--out", "out.json", "--model", "no-such-model"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_THAT(run.output, HasSubstr("failed"));
  // The provider's own words reach the user, not just "no epics".
  EXPECT_THAT(run.output, HasSubstr("no-such-model"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "out.json"));
}

class SlowGenerateCommand : public GenerateCommand {
 protected:
  SlowGenerateCommand() : GenerateCommand({"--latency-ms", "400", "--models", "gpt-4o-mini"}) {}
};

TEST_F(SlowGenerateCommand, CtrlCCancelsPromptlyAndKeepsWhatWasMade) {
  ChildProcess run(BACKLOG_BINARY, {"generate", "vision.yaml", "--out", "out.json"}, Env(),
                   dir_.path());
  ASSERT_TRUE(run.WaitForLine("progress: [1-9][0-9]*/", std::chrono::seconds(30))) << run.Output();
  const auto interrupted = std::chrono::steady_clock::now();
  run.Signal(SIGINT);
  const auto code = run.WaitForExit(std::chrono::seconds(15));
  ASSERT_TRUE(code.has_value()) << run.Output();
  EXPECT_EQ(*code, 130) << run.Output();
  EXPECT_LT(std::chrono::steady_clock::now() - interrupted, std::chrono::seconds(5));
  EXPECT_THAT(run.Output(), HasSubstr("cancelled"));
  EXPECT_FALSE(std::filesystem::exists(dir_.path() / "out.json"));
  // The epics existed before Ctrl-C: they are kept beside the requested file.
  const Json partial = Json::parse(ReadText(dir_.path() / "out.partial.json"));
  EXPECT_GE(partial["epics"].size(), 1u);
  // No call starts after the cancel.
  const int calls = fake_.ChatRequests();
  std::this_thread::sleep_for(std::chrono::milliseconds(800));
  EXPECT_EQ(fake_.ChatRequests(), calls);
}

}  // namespace
}  // namespace testing_support
