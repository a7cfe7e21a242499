#pragma once

#include <sys/socket.h>

#include <string_view>

namespace outbound {

// Whether an address is one a request to a user-supplied URL may go to: not loopback, private
// (RFC 1918, unique-local), link-local (cloud metadata lives there), shared, multicast or
// unspecified. IPv4-mapped IPv6 addresses are judged by their IPv4 part.
bool IsPublicAddress(const sockaddr* address, socklen_t length);
// The same for a numeric address in text ("10.0.0.1", "::1"); false when it is not one.
bool IsPublicAddress(std::string_view numeric);

}  // namespace outbound
