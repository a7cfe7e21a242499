#include "api/caller.hpp"

namespace api {

auth::ClientContext ClientOf(const http::Request& request) {
  const auto agent = request.headers.Find("User-Agent");
  return {request.client_ip, agent ? std::string(*agent) : std::string()};
}

auth::Identity IdentityOf(const http::Request& request) {
  const http::Principal& principal = *request.principal;
  return {principal.user_id,    principal.username, principal.role,
          principal.session_id, principal.token_id, principal.token_expires_at};
}

}  // namespace api
