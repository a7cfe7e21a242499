#pragma once

#include <filesystem>
#include <string>

namespace app {

struct LoggingOptions {
  bool json = false;  // JSON lines (production) or readable text (development)
  std::string level = "info";
  std::filesystem::path directory;  // rotated files go here; empty = stdout only
};

// Sets the default logger: stdout plus `directory`/backlog.log rotated at 10 MB × 5 files.
// Every line carries the id of the request being handled, if any.
void SetUpLogging(const LoggingOptions& options);

// Writes out buffered lines now (after lines other programs wait for, like "listening on").
void FlushLogs();

// Flushes and stops the logger's background thread.
void ShutDownLogging();

// `text` escaped for use inside a JSON string; control characters and Unicode line breaks
// (U+0085, U+2028, U+2029) as escapes too, and bytes that are not UTF-8 as \ufffd.
std::string JsonEscape(std::string_view text);

}  // namespace app
