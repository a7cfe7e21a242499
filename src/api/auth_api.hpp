#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// The /api/auth endpoints. Responses keep the original clients' shape:
// {success, message, data}; errors are problem+json.
namespace api::auth_api {

http::Handler Register(const Services& services);
http::Handler Login(const Services& services);
http::Handler Logout(const Services& services);
http::Handler Refresh(const Services& services);
http::Handler Me(const Services& services);
http::Handler Verify(const Services& services);
http::Handler ChangePassword(const Services& services);
http::Handler ListSessions(const Services& services);
http::Handler EndSession(const Services& services);
http::Handler InvalidateAllTokens(const Services& services);

}  // namespace api::auth_api
