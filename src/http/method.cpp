#include "http/method.hpp"

#include <array>
#include <utility>

namespace http {
namespace {

constexpr std::array<std::pair<Method, std::string_view>, 7> kMethodNames{{
    {Method::kGet, "GET"},
    {Method::kHead, "HEAD"},
    {Method::kPost, "POST"},
    {Method::kPut, "PUT"},
    {Method::kPatch, "PATCH"},
    {Method::kDelete, "DELETE"},
    {Method::kOptions, "OPTIONS"},
}};

}  // namespace

std::string_view MethodName(Method method) {
  for (const auto& [m, name] : kMethodNames) {
    if (m == method) return name;
  }
  return "OTHER";
}

Method ParseMethod(std::string_view name) {
  for (const auto& [m, known] : kMethodNames) {
    if (known == name) return m;  // methods are case-sensitive (RFC 9110 §9.1)
  }
  return Method::kOther;
}

}  // namespace http
