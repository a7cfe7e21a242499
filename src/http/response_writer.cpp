#include "http/response_writer.hpp"

#include <array>
#include <charconv>
#include <ctime>
#include <utility>

namespace http {
namespace {

constexpr std::array<std::pair<int, std::string_view>, 40> kReasons{{
    {100, "Continue"},
    {101, "Switching Protocols"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {402, "Payment Required"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {418, "I'm a teapot"},
    {422, "Unprocessable Content"},
    {423, "Locked"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
}};

void AppendClean(std::string& out, std::string_view text) {
  if (text.find_first_of("\r\n") == std::string_view::npos) {
    out.append(text);  // the usual case, in one copy
    return;
  }
  for (char c : text) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
}

void AppendNumber(std::string& out, std::size_t value) {
  char digits[24];
  const auto [end, error] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

bool IsManagedHeader(std::string_view name) {
  // Framing is decided here from the actual body, never by a handler.
  return EqualsIgnoreCase(name, "Content-Length") || EqualsIgnoreCase(name, "Connection") ||
         EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "Date");
}

}  // namespace

std::string_view ReasonPhrase(int status) {
  for (const auto& [code, phrase] : kReasons) {
    if (code == status) return phrase;
  }
  return {};
}

std::string_view HttpDateNow() {
  thread_local std::time_t cached_second = 0;
  thread_local char text[40];
  thread_local std::size_t length = 0;
  const std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm parts{};
    gmtime_r(&now, &parts);
    length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &parts);
    cached_second = now;
  }
  return std::string_view(text, length);
}

namespace {

void AppendHead(std::string& out, const Response& response, unsigned version,
                const std::vector<HeaderField>& defaults) {
  out.append(version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ");
  AppendNumber(out, static_cast<std::size_t>(response.status));
  out.push_back(' ');
  out.append(ReasonPhrase(response.status));
  out.append("\r\nDate: ");
  out.append(HttpDateNow());
  out.append("\r\n");
  for (const auto& field : response.headers.fields()) {
    if (IsManagedHeader(field.name)) continue;
    AppendClean(out, field.name);
    out.append(": ");
    AppendClean(out, field.value);
    out.append("\r\n");
  }
  for (const auto& field : defaults) {
    if (response.headers.Contains(field.name)) continue;
    AppendClean(out, field.name);
    out.append(": ");
    AppendClean(out, field.value);
    out.append("\r\n");
  }
}

}  // namespace

std::string SerializeStreamHead(const Response& response, unsigned version,
                                const std::vector<HeaderField>& defaults) {
  std::string out;
  out.reserve(512);
  AppendHead(out, response, version, defaults);
  out.append(version == 10 ? "Connection: close\r\n\r\n" : "Transfer-Encoding: chunked\r\n\r\n");
  return out;
}

std::string Chunk(std::string_view data) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string size;
  for (std::size_t n = data.size(); n > 0; n >>= 4) size.insert(size.begin(), kHex[n & 0xF]);
  std::string out;
  out.reserve(size.size() + data.size() + 4);
  out.append(size).append("\r\n").append(data).append("\r\n");
  return out;
}

std::string SerializeResponse(const Response& response, unsigned version, bool keep_alive,
                              bool head_only, const std::vector<HeaderField>& defaults) {
  std::string out;
  out.reserve(256 + response.body.size());
  AppendHead(out, response, version, defaults);
  const bool without_body =
      response.status < 200 || response.status == 204 || response.status == 304;
  if (!without_body) {
    out.append("Content-Length: ");
    AppendNumber(out, response.body.size());
    out.append("\r\n");
  }
  if (response.status >= 200) {
    if (!keep_alive) {
      out.append("Connection: close\r\n");
    } else if (version == 10) {
      out.append("Connection: keep-alive\r\n");
    }
  }
  out.append("\r\n");
  if (!without_body && !head_only) out.append(response.body);
  return out;
}

}  // namespace http
