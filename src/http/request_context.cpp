#include "http/request_context.hpp"

#include <cstdint>
#include <random>

namespace http {
namespace {

thread_local std::string_view current_request_id;

}  // namespace

std::string_view CurrentRequestId() { return current_request_id; }

RequestIdScope::RequestIdScope(std::string_view id) : previous_(current_request_id) {
  current_request_id = id;
}

RequestIdScope::~RequestIdScope() { current_request_id = previous_; }

std::string NewRequestId() {
  // Ids correlate log lines; they are not secrets, so a per-thread PRNG seeded from the OS is fine.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t value = generator();
  std::string id(16, '0');
  for (auto& c : id) {
    c = kHex[value & 0xF];
    value >>= 4;
  }
  return id;
}

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace http
