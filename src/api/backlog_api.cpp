#include "api/backlog_api.hpp"

#include <nlohmann/json.hpp>

#include "api/jobs_api.hpp"
#include "api/json_body.hpp"
#include "api/project_access.hpp"
#include "auth/auth_service.hpp"
#include "backlog/export.hpp"
#include "backlog/json_mapping.hpp"
#include "backlog/limits.hpp"
#include "backlog/quality.hpp"
#include "http/api_error.hpp"
#include "pipeline/generation_job.hpp"
#include "pipeline/tree_rows.hpp"

namespace api::backlog_api {
namespace {

backlog::Backlog LoadBacklog(const Services& services, const backlog::Project& project) {
  return pipeline::AssembleBacklog(project, services.pipeline->projects.Nodes(project.id));
}

// Parses edited node data as its kind (rejecting wrong types), re-runs the quality rules, and
// returns what to store.
template <typename Node, typename Parse, typename Assess>
std::string Reassess(const nlohmann::json& data, Parse parse, Assess assess, int attempts) {
  Node node = parse(data, "");
  backlog::Quality quality = assess(node);
  quality.attempts = attempts;
  quality.needs_review = !backlog::Passes(quality);
  node.quality = quality;
  return pipeline::NodeData(node);
}

std::string ReassessByKind(const std::string& kind, const nlohmann::json& data, int attempts) {
  using namespace backlog;
  if (kind == "epic") return Reassess<Epic>(data, EpicFromJson, AssessEpic, attempts);
  if (kind == "feature") return Reassess<Feature>(data, FeatureFromJson, AssessFeature, attempts);
  if (kind == "story") return Reassess<Story>(data, StoryFromJson, AssessStory, attempts);
  if (kind == "task") return Reassess<Task>(data, TaskFromJson, AssessTask, attempts);
  if (kind == "test_plan")
    return Reassess<TestPlan>(data, TestPlanFromJson, AssessTestPlan, attempts);
  if (kind == "test_suite") {
    return Reassess<TestSuite>(data, TestSuiteFromJson, AssessTestSuite, attempts);
  }
  if (kind == "test_case")
    return Reassess<TestCase>(data, TestCaseFromJson, AssessTestCase, attempts);
  throw std::invalid_argument("unknown node kind " + kind);
}

void RequireNoActiveJob(const Services& services, const std::string& project_id) {
  if (const auto active = services.pipeline->jobs.ActiveJob(project_id)) {
    throw http::ApiError(
        409, "job_running", "Conflict",
        "A job is changing this backlog right now (" + *active + "); wait for it or cancel it.");
  }
}

}  // namespace

http::Handler GetBacklog(const Services& services) {
  return [&services](const http::Request& request) {
    const backlog::Project project = OwnedProject(services, request, request.PathParam("id"));
    const backlog::Backlog tree = LoadBacklog(services, project);
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
    const std::int64_t user = request.principal->user_id;
    const auto node = services.pipeline->projects.FindNode(request.PathParam("id"), user);
    if (!node) throw http::NotFoundError("No such node.");
    RequireNoActiveJob(services, node->project_id);
    const nlohmann::json patch = JsonObjectBody(request);
    for (const char* fixed : {"id", "quality", "features", "stories", "tasks", "test_cases",
                              "test_suite", "test_plan"}) {
      if (patch.contains(fixed)) {
        throw http::ApiError(422, "validation_failed", "Unprocessable Content",
                             std::string(fixed) + " cannot be edited here")
            .WithFieldError(fixed, "Cannot be edited here.");
      }
    }
    nlohmann::json data = nlohmann::json::parse(node->data);
    const int attempts = data.value("quality", nlohmann::json::object()).value("attempts", 1);
    data.merge_patch(patch);
    std::string stored;
    try {
      stored = ReassessByKind(node->kind, data, attempts);
    } catch (const std::invalid_argument& error) {
      throw http::ApiError(422, "validation_failed", "Unprocessable Content", error.what());
    }
    services.pipeline->projects.UpdateNode(node->id, stored, auth::SystemClockSeconds());
    nlohmann::json body = nlohmann::json::parse(stored);
    body["id"] = node->id;
    body["kind"] = node->kind;
    body["parent_id"] =
        node->parent_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(node->parent_id);
    return http::Response::Json(200, body.dump());
  };
}

http::Handler DeleteNode(const Services& services) {
  return [&services](const http::Request& request) {
    const auto node =
        services.pipeline->projects.FindNode(request.PathParam("id"), request.principal->user_id);
    if (!node) throw http::NotFoundError("No such node.");
    RequireNoActiveJob(services, node->project_id);
    services.pipeline->projects.DeleteNode(node->id);
    http::Response response;
    response.status = 204;
    return response;
  };
}

http::Handler RegenerateNode(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t user = request.principal->user_id;
    const auto node = services.pipeline->projects.FindNode(request.PathParam("id"), user);
    if (!node) throw http::NotFoundError("No such node.");
    pipeline::Regeneration regeneration;
    regeneration.node_id = node->id;
    if (!request.body.empty()) {
      nlohmann::json options = JsonObjectBody(request);
      options["node_id"] = node->id;
      try {
        regeneration = pipeline::Regeneration::FromOptions(options);
      } catch (const std::invalid_argument& error) {
        throw http::ApiError(422, "validation_failed", "Unprocessable Content", error.what());
      }
    }
    store::JobRow job;
    job.project_id = node->project_id;
    job.owner_id = user;
    job.kind = "regenerate";
    job.options = regeneration.ToOptions().dump();
    return jobs_api::QueueJob(services, std::move(job));
  };
}

http::Handler Export(const Services& services) {
  return [&services](const http::Request& request) {
    const backlog::Project project = OwnedProject(services, request, request.PathParam("id"));
    const std::string name = request.QueryParam("format").value_or("json");
    const auto format = backlog::ParseExportFormat(name);
    if (!format) {
      throw http::BadRequestError("invalid_format",
                                  "format must be json, yaml, markdown, ado-csv or jira-csv.");
    }
    http::Response response =
        http::Response::Text(200, backlog::ExportBacklog(LoadBacklog(services, project), *format),
                             backlog::ContentTypeFor(*format));
    std::string file;
    for (char c : project.name) {
      const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      file.push_back(plain ? c : '-');
    }
    if (file.empty()) file = "backlog";
    response.headers.Set("Content-Disposition",
                         "attachment; filename=\"" + file.substr(0, 80) + "." +
                             std::string(backlog::FileExtensionFor(*format)) + "\"");
    return response;
  };
}

}  // namespace api::backlog_api
