#pragma once

#include <vector>

#include "api/services.hpp"
#include "http/route.hpp"

namespace api {

// The service's route table: every endpoint, its access rule and where it runs, in one place.
std::vector<http::Route> BuildRoutes(const Services& services);

}  // namespace api
