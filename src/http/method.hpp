#pragma once

#include <string_view>

namespace http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions, kOther };

std::string_view MethodName(Method method);
Method ParseMethod(std::string_view name);

}  // namespace http
