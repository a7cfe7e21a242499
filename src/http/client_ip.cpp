#include "http/client_ip.hpp"

#include <arpa/inet.h>

#include <memory>
#include <stdexcept>

namespace http {
namespace {

std::optional<std::array<std::uint8_t, 16>> ParseAddress(std::string_view text) {
  // inet_pton reads a C string: "1.2.3.4\0junk" would pass as 1.2.3.4 and be handed on whole.
  if (text.find('\0') != std::string_view::npos) return std::nullopt;
  std::string address(text);
  std::array<std::uint8_t, 16> bytes{};
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    bytes[10] = 0xFF;
    bytes[11] = 0xFF;
    const auto* raw = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) bytes[static_cast<std::size_t>(12 + i)] = raw[i];
    return bytes;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    for (int i = 0; i < 16; ++i) bytes[static_cast<std::size_t>(i)] = v6.s6_addr[i];
    return bytes;
  }
  return std::nullopt;
}

bool IsV4Mapped(const std::array<std::uint8_t, 16>& bytes) {
  for (int i = 0; i < 10; ++i) {
    if (bytes[static_cast<std::size_t>(i)] != 0) return false;
  }
  return bytes[10] == 0xFF && bytes[11] == 0xFF;
}

bool InRange(const IpRange& range, const std::array<std::uint8_t, 16>& address) {
  int bits = range.prefix_bits;
  for (std::size_t i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
    if ((range.bytes[i] & mask) != (address[i] & mask)) return false;
  }
  return true;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<IpRange> ParseIpRange(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = ParseAddress(text.substr(0, slash));
  if (!address) return std::nullopt;
  IpRange range{*address, 128};
  if (slash == std::string_view::npos) return range;
  const std::string_view bits_text = text.substr(slash + 1);
  if (bits_text.empty() || bits_text.size() > 3) return std::nullopt;
  int bits = 0;
  for (char c : bits_text) {
    if (c < '0' || c > '9') return std::nullopt;
    bits = bits * 10 + (c - '0');
  }
  const bool v4 = IsV4Mapped(*address) && text.find(':') == std::string_view::npos;
  if (bits > (v4 ? 32 : 128)) return std::nullopt;
  range.prefix_bits = v4 ? 96 + bits : bits;
  return range;
}

TrustedProxies::TrustedProxies(const std::vector<std::string>& ranges) {
  for (const auto& text : ranges) {
    auto range = ParseIpRange(text);
    if (!range) throw std::invalid_argument("not an IP address or CIDR range: " + text);
    ranges_.push_back(*range);
  }
}

bool TrustedProxies::Contains(std::string_view text) const {
  const auto address = ParseAddress(text);
  if (!address) return false;
  for (const auto& range : ranges_) {
    if (InRange(range, *address)) return true;
  }
  return false;
}

std::string TrustedProxies::ClientIp(std::string_view peer, const Headers& headers) const {
  if (ranges_.empty() || !Contains(peer)) return std::string(peer);
  // Walk X-Forwarded-For from the right: each trusted proxy appended the address it saw.
  std::vector<std::string_view> hops;
  for (const auto& field : headers.fields()) {
    if (!EqualsIgnoreCase(field.name, "X-Forwarded-For")) continue;
    std::string_view rest = field.value;
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      hops.push_back(Trim(rest.substr(0, comma)));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
  }
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (!ParseAddress(*it)) break;  // garbage: stop at what we can trust
    if (!Contains(*it)) return std::string(*it);
  }
  if (hops.empty()) {
    if (const auto real_ip = headers.Find("X-Real-IP"); real_ip && ParseAddress(Trim(*real_ip))) {
      return std::string(Trim(*real_ip));
    }
  }
  return std::string(peer);
}

Middleware ClientIpMiddleware(TrustedProxies proxies) {
  auto shared = std::make_shared<const TrustedProxies>(std::move(proxies));
  return [shared](Request& request, const Next& next) {
    request.client_ip = shared->ClientIp(request.peer_address, request.headers);
    return next(request);
  };
}

}  // namespace http
