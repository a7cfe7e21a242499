#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// The tracker: connection settings (a user's default, a project's override), the connection
// test, and pushes of a backlog to Azure DevOps.
namespace api::tracker_api {

http::Handler GetUserSettings(const Services& services);
http::Handler PutUserSettings(const Services& services);
http::Handler GetProjectSettings(const Services& services);
http::Handler PutProjectSettings(const Services& services);
http::Handler DeleteProjectSettings(const Services& services);
http::Handler TestConnection(const Services& services);
http::Handler StartPush(const Services& services);
http::Handler RetryPush(const Services& services);
http::Handler ListPushes(const Services& services);
http::Handler GetPush(const Services& services);
http::Handler CleanUpPush(const Services& services);

}  // namespace api::tracker_api
