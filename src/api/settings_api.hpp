#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// /api/settings/llm: the signed-in user's model choices and provider keys. Keys are accepted,
// encrypted at rest, and never returned: answers say only whether one is set.
namespace api::settings_api {

http::Handler GetLlmSettings(const Services& services);
http::Handler PutLlmSettings(const Services& services);

}  // namespace api::settings_api
