// The client address behind trusted proxies. Input lines: the TRUSTED_PROXIES list (comma
// separated), the socket peer, then header fields ("X-Forwarded-For: a, b"). The answer is the
// peer or an address a client header named, and an address taken from a header is a plain IP
// address: it goes into logs, rate-limit keys and the auth log.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz/fuzz_check.hpp"
#include "http/client_ip.hpp"
#include "http/headers.hpp"

namespace {

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::vector<std::string_view> Split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  while (!text.empty()) {
    const auto at = text.find(separator);
    parts.push_back(text.substr(0, at));
    text = at == std::string_view::npos ? std::string_view{} : text.substr(at + 1);
  }
  return parts;
}

// What inet_pton accepts prints with these characters only.
bool LooksLikeAddress(std::string_view text) {
  if (text.empty()) return false;
  for (const char c : text) {
    const bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (!hex && c != '.' && c != ':') return false;
  }
  return true;
}

void CheckRange(std::string_view text) {
  const std::optional<http::IpRange> range = http::ParseIpRange(text);
  if (!range) return;
  fuzz::Require(range->prefix_bits >= 0 && range->prefix_bits <= 128, "a prefix has 0-128 bits");
  const std::string_view address = text.substr(0, text.find('/'));
  fuzz::Require(LooksLikeAddress(address), "a parsed range names a plain address");
  if (text.find('/') == std::string_view::npos) {
    fuzz::Require(http::TrustedProxies({std::string(text)}).Contains(text),
                  "a single address contains itself");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string_view> lines =
      Split(std::string_view(reinterpret_cast<const char*>(data), size), '\n');
  if (lines.size() < 2) return 0;

  std::vector<std::string> ranges;
  for (const std::string_view entry : Split(lines[0], ',')) {
    CheckRange(Trim(entry));
    // Configuration is checked at start; only what it would accept gets this far.
    if (http::ParseIpRange(Trim(entry))) ranges.emplace_back(Trim(entry));
  }
  const http::TrustedProxies proxies(ranges);
  const std::string_view peer = lines[1];

  http::Headers headers;
  std::vector<std::string_view> named;  // addresses the client headers name
  for (std::size_t i = 2; i < lines.size(); ++i) {
    const auto colon = lines[i].find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = lines[i].substr(0, colon);
    const std::string_view value = Trim(lines[i].substr(colon + 1));
    headers.Add(name, value);
    if (http::EqualsIgnoreCase(name, "X-Forwarded-For")) {
      for (const std::string_view hop : Split(value, ',')) named.push_back(Trim(hop));
    } else if (http::EqualsIgnoreCase(name, "X-Real-IP")) {
      named.push_back(value);
    }
  }

  const std::string client = proxies.ClientIp(peer, headers);
  if (!proxies.Contains(peer)) {
    fuzz::Require(client == peer, "an untrusted peer is the client");
    return 0;
  }
  if (client == peer) return 0;
  bool was_named = false;
  for (const std::string_view address : named) was_named = was_named || address == client;
  fuzz::Require(was_named, "a forwarded client is an address a header named");
  fuzz::Require(LooksLikeAddress(client) && http::ParseIpRange(client).has_value(),
                "a forwarded client is a plain IP address");
  return 0;
}
