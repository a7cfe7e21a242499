#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// The product vision before generation: a quick review (synchronous, one LLM call) and a
// rewrite that closes its gaps (a job: three calls, followed like any job).
namespace api::vision_api {

http::Handler QualityCheck(const Services& services);
http::Handler Optimize(const Services& services);

}  // namespace api::vision_api
