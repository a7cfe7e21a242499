#pragma once

#include <string_view>
#include <vector>

#include "api/services.hpp"
#include "http/route.hpp"

namespace api {

// The isolated pools the routes run on (the server is configured with both): sign-in and
// password changes, and registrations, hash passwords on pools of their own, so a flood of
// registrations cannot take the capacity sign-in needs.
inline constexpr std::string_view kSignInPool = "sign-in";
inline constexpr std::string_view kRegistrationPool = "registration";

// The service's route table: every endpoint, its access rule and where it runs, in one place.
std::vector<http::Route> BuildRoutes(const Services& services);

}  // namespace api
