#pragma once

#include <nlohmann/json.hpp>

#include "api/services.hpp"
#include "http/route.hpp"

// Generation jobs: start, follow (JSON and Server-Sent Events), cancel, list. Owner-scoped.
namespace api::jobs_api {

http::Handler StartGeneration(const Services& services);
http::Handler GetJob(const Services& services);
http::Handler CancelJob(const Services& services);
http::Handler ListProjectJobs(const Services& services);
http::Handler JobEvents(const Services& services);

// A job as the API shows it, with its latest progress.
nlohmann::json JobJson(const Services& services, const store::JobRow& job);

// Stores a new queued job (id, state and creation time are set here) and wakes the runner: 202
// with the job and its Location. 409 when the job's project already has a job queued or running.
http::Response QueueJob(const Services& services, store::JobRow job);

}  // namespace api::jobs_api
