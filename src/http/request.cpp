#include "http/request.hpp"

#include "http/url.hpp"

namespace http {

std::string_view Request::PathParam(std::string_view name) const {
  for (const auto& [key, value] : path_params) {
    if (key == name) return value;
  }
  return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  return FindQueryParam(query, name);
}

}  // namespace http
