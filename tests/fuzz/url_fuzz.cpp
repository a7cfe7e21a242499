// URL handling: the input is a request target ("/path?query") split as the server splits it,
// percent-decoded as paths and queries are; and, read as lines of alternating names and values,
// a query built by a standard form encoder from which every parameter must read back.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "http/request.hpp"
#include "http/url.hpp"

namespace {

bool Unreserved(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

// application/x-www-form-urlencoded as browsers write it (space as '+') or, for paths, %20.
std::string Encode(std::string_view text, bool space_as_plus) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    if (Unreserved(c)) {
      out += c;
    } else if (c == ' ' && space_as_plus) {
      out += '+';
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

void CheckDecoded(std::string_view raw, bool plus_as_space) {
  const std::optional<std::string> decoded = http::PercentDecode(raw, plus_as_space);
  if (!decoded) return;
  fuzz::Require(decoded->size() <= raw.size(), "decoding never lengthens");
  // %00 is refused; a raw NUL (which the server's HTTP parser never lets through) stays as is.
  fuzz::Require(decoded->find('\0') == std::string::npos || raw.find('\0') != std::string::npos,
                "a decoded value holds no NUL it was not sent raw");
  if (decoded->find('\0') != std::string::npos) return;
  fuzz::Require(http::PercentDecode(Encode(*decoded, plus_as_space), plus_as_space) == decoded,
                "a decoded value, encoded again, decodes to itself");
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto newline = text.find('\n');
    lines.push_back(text.substr(0, newline));
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
  }
  return lines;
}

// The first value of each name must come back from a query the standard encoder wrote. The
// decoder refuses %00 by design, so values with NUL are left out.
void CheckQueryRoundTrip(std::string_view input) {
  const std::vector<std::string_view> lines = Lines(input);
  std::vector<std::pair<std::string_view, std::string_view>> pairs;
  for (std::size_t i = 0; i + 1 < lines.size(); i += 2) {
    if (lines[i].find('\0') != std::string_view::npos) continue;
    if (lines[i + 1].find('\0') != std::string_view::npos) continue;
    pairs.emplace_back(lines[i], lines[i + 1]);
  }
  http::Request request;
  for (const auto& [name, value] : pairs) {
    if (!request.query.empty()) request.query += '&';
    request.query += Encode(name, true) + "=" + Encode(value, true);
  }
  for (const auto& [name, value] : pairs) {
    std::string_view first = value;
    for (const auto& [other_name, other_value] : pairs) {
      if (other_name == name) {
        first = other_value;
        break;
      }
    }
    fuzz::Require(request.QueryParam(name) == std::string(first),
                  "every parameter reads back as the first value of its name");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  http::Request request;
  request.target = std::string(input);
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  CheckDecoded(request.path, false);
  CheckDecoded(request.query, true);
  for (const char* name : {"format", "limit", "offset", "status", "q"}) {
    if (const auto value = request.QueryParam(name)) {
      fuzz::Require(
          value->find('\0') == std::string::npos || request.query.find('\0') != std::string::npos,
          "a query parameter holds no NUL it was not sent raw");
    }
  }

  CheckQueryRoundTrip(input);
  return 0;
}
