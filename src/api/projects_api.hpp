#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// /api/projects, /api/domains and /api/settings/limits. Projects belong to their owner: another
// user's project answers 404.
namespace api::projects_api {

http::Handler CreateProject(const Services& services);
http::Handler ListProjects(const Services& services);
http::Handler GetProject(const Services& services);
http::Handler UpdateProject(const Services& services);
http::Handler DeleteProject(const Services& services);
http::Handler ListDomains(const Services& services);
http::Handler GetLimits(const Services& services);
http::Handler PutLimits(const Services& services);

}  // namespace api::projects_api
