#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// Notifications: the signed-in user's switches and webhook (/api/settings/notifications), a
// project's webhook, and the outbox as admins see it. Webhook URLs are accepted, encrypted at
// rest and never returned: answers say only whether one is set.
namespace api::notifications_api {

http::Handler GetSettings(const Services& services);
http::Handler PutSettings(const Services& services);
http::Handler GetProjectSettings(const Services& services);
http::Handler PutProjectSettings(const Services& services);
http::Handler ListDeliveries(const Services& services);
http::Handler SendAgain(const Services& services);

}  // namespace api::notifications_api
