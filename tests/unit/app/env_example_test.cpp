// .env.example is the operator's reference: it must list every variable with its real default.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "app/config.hpp"
#include "app/dotenv.hpp"

namespace app {
namespace {

EnvironmentMap ReadExample() {
  std::ifstream file(BACKLOG_SOURCE_DIR "/.env.example");
  std::stringstream content;
  content << file.rdbuf();
  return ParseDotenv(content.str());
}

TEST(EnvExample, DocumentsEveryVariableWithItsDefault) {
  const EnvironmentMap example = ReadExample();
  for (const auto& [name, default_value] : KnownVariables()) {
    const auto it = example.find(name);
    ASSERT_NE(it, example.end()) << name << " is missing from .env.example";
    EXPECT_EQ(it->second, default_value) << name;
  }
  for (const auto& [name, value] : example) {
    EXPECT_TRUE(IsKnownVariable(name)) << name << " in .env.example is not read by the service";
  }
}

TEST(EnvExample, IsAValidDevelopmentConfiguration) {
  EXPECT_NO_THROW(LoadConfig(ReadExample(), Purpose::kServe));
}

}  // namespace
}  // namespace app
