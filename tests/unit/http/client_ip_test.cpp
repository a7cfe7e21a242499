#include "http/client_ip.hpp"

#include <gtest/gtest.h>

#include "http/cookies.hpp"

namespace http {
namespace {

Headers With(std::initializer_list<std::pair<const char*, const char*>> fields) {
  Headers headers;
  for (const auto& [name, value] : fields) headers.Add(name, value);
  return headers;
}

TEST(TrustedProxies, ParsesAddressesAndRanges) {
  const TrustedProxies proxies({"10.0.0.0/8", "127.0.0.1", "::1", "fd00::/8"});
  EXPECT_TRUE(proxies.Contains("10.200.1.2"));
  EXPECT_FALSE(proxies.Contains("11.0.0.1"));
  EXPECT_TRUE(proxies.Contains("127.0.0.1"));
  EXPECT_FALSE(proxies.Contains("127.0.0.2"));
  EXPECT_TRUE(proxies.Contains("::1"));
  EXPECT_TRUE(proxies.Contains("fd12::5"));
  EXPECT_FALSE(proxies.Contains("fe80::1"));
  EXPECT_FALSE(proxies.Contains("not an address"));
  EXPECT_THROW(TrustedProxies({"10.0.0.0/33"}), std::invalid_argument);
  EXPECT_THROW(TrustedProxies({"example.com"}), std::invalid_argument);
}

TEST(TrustedProxies, HeadersCountOnlyFromATrustedPeer) {
  const TrustedProxies none({});
  EXPECT_EQ(none.ClientIp("192.0.2.1", With({{"X-Forwarded-For", "1.1.1.1"}})), "192.0.2.1");

  const TrustedProxies proxies({"10.0.0.0/8"});
  const auto forwarded = With({{"X-Forwarded-For", "6.6.6.6, 198.51.100.4, 10.0.0.7"}});
  // Untrusted peer: its header is ignored.
  EXPECT_EQ(proxies.ClientIp("192.0.2.1", forwarded), "192.0.2.1");
  // Trusted peer: the right-most address that is not one of our proxies.
  EXPECT_EQ(proxies.ClientIp("10.0.0.1", forwarded), "198.51.100.4");
  EXPECT_EQ(proxies.ClientIp("10.0.0.1", With({{"X-Real-IP", "198.51.100.9"}})), "198.51.100.9");
  EXPECT_EQ(proxies.ClientIp("10.0.0.1", With({{"X-Forwarded-For", "garbage"}})), "10.0.0.1");
  EXPECT_EQ(proxies.ClientIp(
                "10.0.0.1", With({{"X-Forwarded-For", "1.1.1.1"}, {"X-Forwarded-For", "2.2.2.2"}})),
            "2.2.2.2");
  // An address with a NUL in it is garbage, not its prefix (found by tests/fuzz/client_ip_fuzz).
  Headers nul;
  nul.Add("X-Forwarded-For", std::string("6.6.6.6\0evil", 12));
  EXPECT_EQ(proxies.ClientIp("10.0.0.1", nul), "10.0.0.1");
  EXPECT_FALSE(ParseIpRange(std::string_view("10.0.0.1\0/8", 11)));
}

TEST(Cookies, FindsAndWritesCookies) {
  const auto headers = With({{"Cookie", "a=1; access_token=abc.def; csrf_token=\"q\""}});
  EXPECT_EQ(FindCookie(headers, "access_token"), "abc.def");
  EXPECT_EQ(FindCookie(headers, "csrf_token"), "q");
  EXPECT_FALSE(FindCookie(headers, "access").has_value());
  EXPECT_EQ(SetCookieValue("n", "v", {"/api/auth", 60, true, true, "Lax"}),
            "n=v; Path=/api/auth; Max-Age=60; HttpOnly; Secure; SameSite=Lax");
}

}  // namespace
}  // namespace http
