#pragma once

#include <nlohmann/json.hpp>

#include "api/services.hpp"
#include "http/route.hpp"
#include "services/job_service.hpp"

// Generation jobs: start, follow (JSON and Server-Sent Events), cancel, list. Owner-scoped.
namespace api::jobs_api {

http::Handler StartGeneration(const Services& services);
http::Handler GetJob(const Services& services);
http::Handler CancelJob(const Services& services);
http::Handler ListProjectJobs(const Services& services);
http::Handler JobEvents(const Services& services);

// A job as the API shows it, with its latest progress.
nlohmann::json JobJson(const services::JobStatus& status);
// 202 with a job just queued and its Location.
http::Response JobAccepted(const Services& services, const store::JobRow& job);

}  // namespace api::jobs_api
