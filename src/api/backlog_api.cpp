#include "api/backlog_api.hpp"

#include <nlohmann/json.hpp>

#include "api/jobs_api.hpp"
#include "api/json_body.hpp"
#include "backlog/json_mapping.hpp"
#include "http/api_error.hpp"

namespace api::backlog_api {

http::Handler GetBacklog(const Services& services) {
  return [&services](const http::Request& request) {
    const backlog::Backlog tree =
        services.backlogs.Tree(request.principal->user_id, request.PathParam("id"));
    nlohmann::json body = backlog::ToJson(tree);
    const backlog::NodeCounts counts = backlog::CountNodes(tree);
    body["counts"] = {{"epics", counts.epics},           {"features", counts.features},
                      {"stories", counts.stories},       {"tasks", counts.tasks},
                      {"test_plans", counts.test_plans}, {"test_suites", counts.test_suites},
                      {"test_cases", counts.test_cases}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler PatchNode(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json patch = JsonObjectBody(request);
    const services::EditedNode node =
        services.backlogs.EditNode(request.principal->user_id, request.PathParam("id"), patch);
    nlohmann::json body = node.data;
    body["id"] = node.id;
    body["kind"] = node.kind;
    body["parent_id"] =
        node.parent_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(node.parent_id);
    return http::Response::Json(200, body.dump());
  };
}

http::Handler DeleteNode(const Services& services) {
  return [&services](const http::Request& request) {
    services.backlogs.DeleteNode(request.principal->user_id, request.PathParam("id"));
    http::Response response;
    response.status = 204;
    return response;
  };
}

http::Handler RegenerateNode(const Services& services) {
  return [&services](const http::Request& request) {
    const nlohmann::json options =
        request.body.empty() ? nlohmann::json(nullptr) : JsonObjectBody(request);
    const store::JobRow job = services.backlogs.RegenerateNode(request.principal->user_id,
                                                               request.PathParam("id"), options);
    return jobs_api::JobAccepted(services, job);
  };
}

http::Handler Export(const Services& services) {
  return [&services](const http::Request& request) {
    const auto format = backlog::ParseExportFormat(request.QueryParam("format").value_or("json"));
    if (!format) {
      throw http::BadRequestError("invalid_format",
                                  "format must be json, yaml, markdown, ado-csv or jira-csv.");
    }
    const services::ExportedBacklog file =
        services.backlogs.Export(request.principal->user_id, request.PathParam("id"), *format);
    http::Response response = http::Response::Text(200, file.content, file.content_type);
    response.headers.Set("Content-Disposition", "attachment; filename=\"" + file.file_name + "\"");
    return response;
  };
}

}  // namespace api::backlog_api
