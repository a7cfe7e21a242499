// Vision files of `backlog generate`: the project's fields, checked like the API checks them,
// with the line of every problem.
#include "app/vision_file.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace app {
namespace {

using ::testing::HasSubstr;

std::string Error(std::string_view yaml) {
  try {
    ParseVisionYaml(yaml, "v.yaml");
  } catch (const VisionFileError& error) {
    return error.what();
  }
  return "(accepted)";
}

TEST(VisionFile, ReadsEveryProjectField) {
  const backlog::Project project = ParseVisionYaml(R"(name: Field Crew Dispatch
domains: [oil_gas, workforce_management, oil_gas]
vision: |
  Crews on remote well sites get work orders by skill and location, offline first.
target_users: Technicians and supervisors
limits:
  max_epics: 2
  max_features_per_epic: 3
  max_stories_per_feature: 4
  max_tasks_per_story: 5
  max_test_cases_per_story: 6
include_test_artifacts: false
)",
                                                   "v.yaml");
  EXPECT_EQ(project.name, "Field Crew Dispatch");
  EXPECT_EQ(project.domains, (std::vector<std::string>{"oil_gas", "workforce_management"}));
  EXPECT_THAT(project.vision, HasSubstr("remote well sites"));
  EXPECT_EQ(project.target_users, "Technicians and supervisors");
  EXPECT_EQ(project.limits.max_epics, 2);
  EXPECT_EQ(project.limits.max_features_per_epic, 3);
  EXPECT_EQ(project.limits.max_stories_per_feature, 4);
  EXPECT_EQ(project.limits.max_tasks_per_story, 5);
  EXPECT_EQ(project.limits.max_test_cases_per_story, 6);
  EXPECT_FALSE(project.include_test_artifacts);
}

TEST(VisionFile, OmittedOptionalFieldsKeepTheProjectDefaults) {
  const backlog::Project project = ParseVisionYaml(
      "name: Shop\ndomain: retail\nvision: Customers order groceries for same-day delivery.\n",
      "v.yaml");
  EXPECT_EQ(project.domains, std::vector<std::string>{"retail"});
  EXPECT_EQ(project.limits.max_epics, backlog::WorkItemLimits{}.max_epics);
  EXPECT_TRUE(project.include_test_artifacts);
}

TEST(VisionFile, ProblemsNameTheFileTheLineAndTheFix) {
  const std::string base = "name: Shop\ndomains: [retail]\n";
  EXPECT_THAT(Error(base + "vision: Customers order groceries online.\ncolour: red\n"),
              HasSubstr("v.yaml:4: unknown field \"colour\""));
  EXPECT_THAT(Error(base + "vision: too short\n"), HasSubstr("v.yaml:3: Describe the product"));
  EXPECT_THAT(Error("name: Shop\nvision: Customers order groceries online.\n"),
              HasSubstr("domains is required"));
  EXPECT_THAT(Error("name: Shop\ndomains: [retail, bakery]\nvision: Customers order online.\n"),
              HasSubstr("v.yaml:2: domains: Unknown domain \"bakery\""));
  EXPECT_THAT(Error("name: Shop\ndomains: [retail, finance, energy, mining_natural_resources]\n"
                    "vision: Customers order groceries online.\n"),
              HasSubstr("one to three domains"));
  EXPECT_THAT(Error(base + "vision: Customers order groceries online.\nlimits:\n  max_epics: 0\n"),
              HasSubstr("max_epics must be between"));
  EXPECT_THAT(Error(base + "vision: Customers order groceries online.\nlimits:\n  max_epics: x\n"),
              HasSubstr("v.yaml:5: limits.max_epics must be a whole number"));
  EXPECT_THAT(
      Error(base + "vision: Customers order groceries online.\ninclude_test_artifacts: maybe\n"),
      HasSubstr("include_test_artifacts must be true or false"));
  // yaml-cpp places an unclosed list where the input ends.
  EXPECT_THAT(Error("name: [unclosed\n"), HasSubstr("v.yaml:2: not valid YAML"));
  EXPECT_THAT(Error("- just\n- a list\n"), HasSubstr("expected a mapping"));
  EXPECT_THAT(Error(base + "vision: [a, list]\n"), HasSubstr("vision must be text"));
}

// Hostile shapes end as a VisionFileError naming the problem, never as another exception or a
// crash: complex keys, deep nesting, and aliases that multiply a small file.
TEST(VisionFile, OddShapesAreRefusedWithAClearError) {
  const std::string base = "name: Shop\ndomains: [retail]\nvision: Customers order online.\n";
  EXPECT_THAT(Error("? [a, b]\n: value\n"), HasSubstr("field names must be plain text"));
  EXPECT_THAT(Error(base + "limits:\n  ? {a: 1}\n  : 2\n"),
              HasSubstr("limit names must be plain text"));
  const std::string deep = std::string(200, '[') + std::string(200, ']');
  EXPECT_THAT(Error(base + "limits: " + deep + "\n"), HasSubstr("nests deeper than 64 levels"));
  std::string aliases = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 8; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    aliases += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev +
               ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev + ", " + prev +
               ", " + prev + ", " + prev + "]\n";
  }
  EXPECT_THAT(Error(aliases), HasSubstr("too large"));
}

TEST(VisionFile, TheExamplesAreValid) {
  for (const char* name : {"clinic-scheduling.yaml", "field-crew-dispatch.yaml"}) {
    const auto path = std::filesystem::path(BACKLOG_SOURCE_DIR) / "examples" / name;
    const backlog::Project project = ReadVisionFile(path);
    EXPECT_FALSE(project.name.empty()) << name;
    EXPECT_FALSE(project.domains.empty()) << name;
  }
}

TEST(VisionFile, MissingAndHugeFilesAreRefused) {
  EXPECT_THROW(ReadVisionFile("/nonexistent/vision.yaml"), VisionFileError);
  const auto huge = std::filesystem::temp_directory_path() / "backlog-huge-vision.yaml";
  {
    std::ofstream out(huge);
    out << "vision: " << std::string(2 << 20, 'x') << '\n';
  }
  try {
    ReadVisionFile(huge);
    ADD_FAILURE() << "a 2 MiB file was accepted";
  } catch (const VisionFileError& error) {
    EXPECT_THAT(error.what(), HasSubstr("too large"));
  }
  std::filesystem::remove(huge);
}

}  // namespace
}  // namespace app
