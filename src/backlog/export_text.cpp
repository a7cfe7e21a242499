#include "backlog/export_text.hpp"

#include <array>
#include <charconv>
#include <system_error>

#include "backlog/text.hpp"

namespace backlog::internal {
namespace {

// A cell as RFC 4180 wants it, after the formula-injection guard described in export.hpp.
std::string CsvCell(std::string_view text) {
  std::string cell;
  if (!text.empty()) {
    const char first = text.front();
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
        first == '\r') {
      cell += '\'';
    }
  }
  cell += text;
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

}  // namespace

std::string FormatNumber(double value) {
  std::array<char, 64> buffer{};
  const auto [end, error] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  if (error != std::errc()) return std::to_string(value);
  return std::string(buffer.data(), end);
}

std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    if (c == '\r') continue;
    out += c == '\n' ? ' ' : c;
  }
  const auto end = out.find_last_not_of(' ');
  return end == std::string::npos ? std::string() : out.substr(0, end + 1);
}

std::string Points(int points) { return points > 0 ? std::to_string(points) : std::string(); }

void CsvWriter::Row(const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out_ += ',';
    out_ += CsvCell(cells[i]);
  }
  out_ += "\r\n";
}

}  // namespace backlog::internal
