#pragma once

#include "auth/auth_service.hpp"
#include "http/request.hpp"

namespace api {

// The client's address and user agent, for sessions and the security log.
auth::ClientContext ClientOf(const http::Request& request);

// The authenticated caller; only for routes whose Access rule guarantees a principal.
auth::Identity IdentityOf(const http::Request& request);

}  // namespace api
