#pragma once

#include "api/services.hpp"
#include "http/route.hpp"

// A project's backlog: the tree with its quality findings, edits to single nodes, and exports.
// Owner-scoped: another user's nodes answer 404.
namespace api::backlog_api {

http::Handler GetBacklog(const Services& services);
http::Handler PatchNode(const Services& services);
http::Handler DeleteNode(const Services& services);
// Starts a "regenerate" job for one node (optionally with everything under it); 202 with the job.
http::Handler RegenerateNode(const Services& services);
http::Handler Export(const Services& services);

}  // namespace api::backlog_api
