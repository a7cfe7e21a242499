#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// /api/admin: user administration, for the admin role only.
namespace api::admin_api {

http::Handler ListUsers(const Services& services);
http::Handler UnlockUser(const Services& services);
http::Handler DisableUser(const Services& services);
http::Handler EnableUser(const Services& services);

}  // namespace api::admin_api
