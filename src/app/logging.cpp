#include "app/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

#include "auth/log_text.hpp"
#include "http/request_context.hpp"

namespace app {
namespace {

constexpr std::size_t kRotateBytes = 10 * 1024 * 1024;
constexpr std::size_t kRotateFiles = 5;

// %* : the current request id, or "-".
class RequestIdFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const auto id = http::CurrentRequestId();
    const std::string_view shown = id.empty() ? std::string_view("-") : id;
    dest.append(shown.data(), shown.data() + shown.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<RequestIdFlag>();
  }
};

// Every control character and Unicode line break escaped as in JSON, and bytes that are not
// UTF-8 as \ufffd, so text a client sent can never start a line of its own. JSON lines also need
// quotes and backslashes escaped; readable text keeps them.
std::string EscapeMessage(std::string_view text, bool json) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() + 8);
  while (!text.empty()) {
    const auth::Utf8Char next = auth::NextUtf8Char(text);
    const char32_t c = next.code_point;
    if (!next.valid) {
      out += "\\ufffd";  // raw, a JSON line would not parse, and a Latin-1 reader sees C1 controls
    } else if (json && (c == '"' || c == '\\')) {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (auth::IsControlOrLineBreak(c)) {
      // JSON allows DEL, C1 controls, U+2028 and U+2029 raw, but log readers may break the line
      // there or act on them.
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out.push_back(kHex[(c >> shift) & 0xF]);
    } else {
      out.append(text.substr(0, next.size));
    }
    text.remove_prefix(next.size);
  }
  return out;
}

// %J : the message escaped for a JSON string; %V : the message escaped for readable text.
class MessageFlag final : public spdlog::custom_flag_formatter {
 public:
  explicit MessageFlag(bool json) : json_(json) {}
  void format(const spdlog::details::log_msg& message, const std::tm&,
              spdlog::memory_buf_t& dest) override {
    const std::string escaped =
        EscapeMessage(std::string_view(message.payload.data(), message.payload.size()), json_);
    dest.append(escaped.data(), escaped.data() + escaped.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<MessageFlag>(json_);
  }

 private:
  bool json_;
};

std::unique_ptr<spdlog::formatter> MakeFormatter(bool json) {
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<RequestIdFlag>('*');
  formatter->add_flag<MessageFlag>('J', true);
  formatter->add_flag<MessageFlag>('V', false);
  if (json) {
    formatter->set_pattern(
        R"({"time":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","request_id":"%*","message":"%J"})");
  } else {
    formatter->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%-5l%$ [%*] %V");
  }
  return formatter;
}

// Lines go through stdio's buffer and reach stdout when it fills, every second, on a warning, or
// on FlushLogs(): spdlog's own stdout sink makes one write() per line, which at thousands of
// requests per second costs more than the requests.
class BufferedStdoutSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& message) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(message, formatted);
    std::fwrite(formatted.data(), 1, formatted.size(), stdout);
  }
  void flush_() override { std::fflush(stdout); }
};

}  // namespace

std::string JsonEscape(std::string_view text) { return EscapeMessage(text, true); }

void SetUpLogging(const LoggingOptions& options) {
  std::vector<spdlog::sink_ptr> sinks;
  // Colours only on a terminal; a pipe or a journal gets plain text.
  if (!options.json && ::isatty(STDOUT_FILENO)) {
    sinks.push_back(std::make_shared<spdlog::sinks::stdout_color_sink_mt>());
  } else {
    static char buffer[1 << 16];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
    sinks.push_back(std::make_shared<BufferedStdoutSink>());
  }
  if (!options.directory.empty()) {
    std::filesystem::create_directories(options.directory);
    sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
        (options.directory / "backlog.log").string(), kRotateBytes, kRotateFiles));
  }
  for (auto& sink : sinks) sink->set_formatter(MakeFormatter(options.json));

  // Synchronous: the request id is read from the logging thread when a line is formatted, so
  // formatting must happen on the thread that handles the request.
  auto logger = std::make_shared<spdlog::logger>("backlog", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(options.level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

void FlushLogs() { spdlog::default_logger()->flush(); }

void ShutDownLogging() { spdlog::shutdown(); }

}  // namespace app
