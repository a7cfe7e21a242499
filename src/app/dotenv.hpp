#pragma once

#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace app {

using EnvironmentMap = std::map<std::string, std::string, std::less<>>;

class DotenvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses .env text: KEY=VALUE lines, optional "export ", '#' comments, single quotes (literal)
// and double quotes (with \n, \t, \", \\ escapes). Throws DotenvError naming the line.
EnvironmentMap ParseDotenv(std::string_view text);

// The process environment, with the .env file at `path` (if it exists) underneath: a variable
// set in the environment wins over the file.
EnvironmentMap ReadEnvironment(char** environment, const std::filesystem::path& dotenv_path,
                               EnvironmentMap* from_file = nullptr);

}  // namespace app
