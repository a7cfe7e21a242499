#include "app/dotenv.hpp"

#include <fstream>
#include <sstream>

namespace app {
namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  return text;
}

bool IsValidName(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (char c : name) {
    const bool ok =
        (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    if (!ok) return false;
  }
  return true;
}

[[noreturn]] void Fail(int line, const std::string& message) {
  throw DotenvError(".env line " + std::to_string(line) + ": " + message);
}

}  // namespace

EnvironmentMap ParseDotenv(std::string_view text) {
  EnvironmentMap values;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    std::string_view line = Trim(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export ")) line = Trim(line.substr(7));
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) Fail(line_number, "expected KEY=VALUE");
    const std::string_view name = Trim(line.substr(0, equals));
    if (!IsValidName(name)) Fail(line_number, "'" + std::string(name) + "' is not a variable name");
    std::string_view raw = Trim(line.substr(equals + 1));
    std::string value;
    if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
      const char quote = raw.front();
      std::size_t i = 1;
      bool closed = false;
      for (; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == quote) {
          closed = true;
          break;
        }
        if (quote == '"' && c == '\\' && i + 1 < raw.size()) {
          const char next = raw[++i];
          switch (next) {
            case 'n':
              value.push_back('\n');
              break;
            case 't':
              value.push_back('\t');
              break;
            case 'r':
              value.push_back('\r');
              break;
            default:
              value.push_back(next);
              break;
          }
          continue;
        }
        value.push_back(c);
      }
      if (!closed) Fail(line_number, "the quoted value of " + std::string(name) + " is not closed");
      const std::string_view rest = Trim(raw.substr(i + 1));
      if (!rest.empty() && rest.front() != '#') {
        Fail(line_number, "unexpected text after the quoted value of " + std::string(name));
      }
    } else {
      // Unquoted: a " #" starts a comment; everything else is literal.
      const auto comment = raw.find(" #");
      value = std::string(Trim(raw.substr(0, comment)));
    }
    values[std::string(name)] = std::move(value);
  }
  return values;
}

EnvironmentMap ReadEnvironment(char** environment, const std::filesystem::path& dotenv_path,
                               EnvironmentMap* from_file) {
  EnvironmentMap values;
  std::error_code ec;
  if (!dotenv_path.empty() && std::filesystem::is_regular_file(dotenv_path, ec)) {
    std::ifstream file(dotenv_path);
    std::stringstream content;
    content << file.rdbuf();
    values = ParseDotenv(content.str());
    if (from_file) *from_file = values;
  }
  for (char** entry = environment; entry && *entry; ++entry) {
    const std::string_view text(*entry);
    const auto equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    values[std::string(text.substr(0, equals))] = std::string(text.substr(equals + 1));
  }
  return values;
}

}  // namespace app
