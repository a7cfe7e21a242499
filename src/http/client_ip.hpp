#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/headers.hpp"
#include "http/middleware.hpp"

namespace http {

// An IPv4 or IPv6 address or CIDR range.
struct IpRange {
  std::array<std::uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
  int prefix_bits = 128;
};

// Parses "10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8". nullopt when malformed.
std::optional<IpRange> ParseIpRange(std::string_view text);

// Which peers may tell us the client's address (X-Forwarded-For / X-Real-IP).
class TrustedProxies {
 public:
  // Throws std::invalid_argument for a malformed entry.
  explicit TrustedProxies(const std::vector<std::string>& ranges);

  bool Contains(std::string_view address) const;

  // The socket peer, unless the peer is a trusted proxy: then the right-most X-Forwarded-For
  // address that is not itself a trusted proxy (or X-Real-IP when there is no X-Forwarded-For).
  // A header from an untrusted peer changes nothing.
  std::string ClientIp(std::string_view peer, const Headers& headers) const;

 private:
  std::vector<IpRange> ranges_;
};

// Sets request.client_ip for everything after it in the chain.
Middleware ClientIpMiddleware(TrustedProxies proxies);

}  // namespace http
