#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/headers.hpp"
#include "http/method.hpp"

namespace http {

struct Route;

// Who made an authenticated request; set by the authentication middleware.
struct Principal {
  std::int64_t user_id = 0;
  std::string username;
  std::string role;        // "user" or "admin"
  std::string session_id;  // the device session the access token belongs to
  std::string token_id;    // the access token's jti
  std::int64_t token_expires_at = 0;
  bool via_cookie = false;  // cookie-authenticated requests need a CSRF token to change state
  bool is_admin() const { return role == "admin"; }
};

// One HTTP request as the rest of the service sees it: no transport types, so handlers and
// middleware are plain functions that unit tests can call directly.
struct Request {
  Method method = Method::kGet;
  std::string method_name;  // as sent, for logs and 405s of unknown methods
  std::string target;       // the raw request target, path and query
  std::string path;         // the raw (still percent-encoded) path
  std::string query;        // the raw query string without '?'
  Headers headers;
  std::string body;
  std::string peer_address;  // the socket peer
  std::string client_ip;     // the peer, or the forwarded client when the peer is a trusted proxy
  std::string request_id;

  // Filled in by the router before middleware runs.
  const Route* route = nullptr;
  std::string route_template;  // e.g. "/api/projects/{id}"; metrics label requests by it
  std::vector<std::pair<std::string, std::string>> path_params;  // percent-decoded
  std::vector<Method> allowed_methods;  // when the path exists but not for this method

  // Filled in by middleware.
  std::optional<Principal> principal;

  // The decoded value of a path parameter, or an empty view.
  std::string_view PathParam(std::string_view name) const;
  // The decoded value of the first query parameter `name`.
  std::optional<std::string> QueryParam(std::string_view name) const;
};

}  // namespace http
