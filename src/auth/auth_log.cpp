#include "auth/auth_log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

namespace auth {

AuthLog::AuthLog(const std::filesystem::path& directory, bool debug, bool json)
    : debug_(debug), json_(json) {
  std::vector<spdlog::sink_ptr> sinks;
  if (!directory.empty()) {
    std::filesystem::create_directories(directory);
    auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        (directory / "auth.log").string(), 10 * 1024 * 1024, 5);
    file->set_formatter(std::make_unique<spdlog::pattern_formatter>(
        json ? R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","message":"%v"})"
             : "%Y-%m-%d %H:%M:%S.%e %-5l %v",
        spdlog::pattern_time_type::utc));
    sinks.push_back(std::move(file));
  }
  logger_ = std::make_shared<spdlog::logger>("auth", sinks.begin(), sinks.end());
  logger_->set_level(spdlog::level::debug);
  logger_->flush_on(spdlog::level::info);
}

// User names and user agents are typed by clients: no control character may forge a line.
std::string AuthLog::Clean(std::string_view line, bool escape_for_json) {
  std::string clean;
  clean.reserve(line.size());
  for (unsigned char c : line) {
    if (c < 0x20 || c == 0x7F) {
      clean.push_back('?');
    } else if (escape_for_json && (c == '"' || c == '\\')) {
      clean.push_back('\\');
      clean.push_back(static_cast<char>(c));
    } else {
      clean.push_back(static_cast<char>(c));
    }
  }
  return clean;
}

void AuthLog::Event(std::string_view line) {
  logger_->info("{}", Clean(line, json_));
  spdlog::info("auth: {}", Clean(line, false));  // the main log escapes JSON itself
}

void AuthLog::Decision(std::string_view line) {
  if (!debug_) return;
  logger_->debug("{}", Clean(line, json_));
  spdlog::info("auth decision: {}", Clean(line, false));
}

}  // namespace auth
