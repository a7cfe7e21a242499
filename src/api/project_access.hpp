#pragma once

#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "api/services.hpp"
#include "backlog/model.hpp"
#include "backlog/project_rules.hpp"
#include "http/api_error.hpp"
#include "http/request.hpp"
#include "store/pipeline_store.hpp"

namespace api {

inline constexpr std::size_t kMaxVisionBytes = backlog::kMaxVisionBytes;

// A 422 naming one field.
http::ApiError Invalid(const std::string& field, const std::string& message);

// A project's domains: one to three known keys, primary first, duplicates dropped; 422 otherwise.
std::vector<std::string> ParseDomains(const nlohmann::json& value);

// A vision worth generating from (at least 20 characters); 422 otherwise.
const std::string& CheckVision(const std::string& vision);

backlog::Project ProjectFromRow(const store::ProjectRow& row);

// The caller's project named by the path; another user's project is a 404 like a missing one.
backlog::Project OwnedProject(const Services& services, const http::Request& request,
                              std::string_view project_id);

// The caller's job; 404 otherwise.
store::JobRow OwnedJob(const Services& services, const http::Request& request,
                       std::string_view job_id);

}  // namespace api
