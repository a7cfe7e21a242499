#include "auth/auth_log.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/spdlog.h>

#include "auth/log_text.hpp"

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

// User names and user agents are typed by clients: no control character or Unicode line break
// (NEL, U+2028, U+2029) may forge a line. Bytes that are not UTF-8 go too: a reader decoding the
// file as Latin-1 would show 0x85 as NEL and the rest of 0x80..0x9F as C1 controls.
std::string AuthLog::Clean(std::string_view line, bool escape_for_json) {
  std::string clean;
  clean.reserve(line.size());
  while (!line.empty()) {
    const Utf8Char next = NextUtf8Char(line);
    if (!next.valid || IsControlOrLineBreak(next.code_point)) {
      clean.push_back('?');
    } else if (escape_for_json && (next.code_point == '"' || next.code_point == '\\')) {
      clean.push_back('\\');
      clean.push_back(static_cast<char>(next.code_point));
    } else {
      clean.append(line.substr(0, next.size));
    }
    line.remove_prefix(next.size);
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
