#pragma once

// Driving the backlog pipeline over HTTP, as a client of the service would: projects, jobs and
// their event streams, the backlog tree. Assertions a user would make about a generated tree
// live here too, so every pipeline test checks the same things.

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/auth_helpers.hpp"
#include "support/fake_llm.hpp"
#include "support/http_client.hpp"
#include "support/service_process.hpp"

namespace testing_support {

// The environment of a service whose LLM is the emulator, with fast sign-up; `extra` wins.
EnvVars PipelineEnv(const FakeLlm& llm, const EnvVars& extra = {});

nlohmann::json LimitsJson(int epics, int features_per_epic, int stories_per_feature,
                          int tasks_per_story, int test_cases_per_story);

// A request with the client's bearer token and, when `body` is not null, a JSON body.
HttpResponse Call(std::uint16_t port, const SignedInClient& client, std::string_view method,
                  std::string_view target, const nlohmann::json& body = nullptr);
// GET that must answer 200 with JSON (a failure is reported and null returned otherwise).
nlohmann::json GetJson(std::uint16_t port, const SignedInClient& client, std::string_view target);

// POST /api/projects (must answer 201); returns the project.
nlohmann::json CreateProject(std::uint16_t port, const SignedInClient& client,
                             const nlohmann::json& limits,
                             const std::string& name = "Riverside Clinic check-in");
// POST /api/projects/{id}/jobs (must answer 202); returns the job id.
std::string StartGeneration(std::uint16_t port, const SignedInClient& client,
                            const std::string& project_id);

struct ServerSentEvent {
  std::int64_t id = 0;
  std::string type;
  nlohmann::json data;
};
// The events of a text/event-stream body; every event must have an id, a type and JSON data.
std::vector<ServerSentEvent> ParseEventStream(std::string_view body);

// GET /api/jobs/{id}/events, read until the server ends the stream (after the final event).
// nullopt when it did not end within `timeout`.
std::optional<HttpResponse> ReadJobEvents(std::uint16_t port, const HeaderList& headers,
                                          const std::string& job_id,
                                          std::chrono::milliseconds timeout);

// Waits for the job's final event (through its event stream) and returns the job as
// GET /api/jobs/{id} shows it then; reports a failure and returns null when it does not end.
nlohmann::json WaitForJob(std::uint16_t port, const SignedInClient& client,
                          const std::string& job_id,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60));

bool IsSuccessfulJobState(const nlohmann::json& state);

nlohmann::json GetBacklog(std::uint16_t port, const SignedInClient& client,
                          const std::string& project_id);

// One node of a backlog tree, in depth-first order.
struct TreeNode {
  std::string id;
  std::string kind;  // epic, feature, story, task, test_plan, test_suite, test_case
  std::string parent_id;
  std::string title;                     // "name" for test plans and suites
  const nlohmann::json* json = nullptr;  // into the tree it was read from
};
std::vector<TreeNode> Flatten(const nlohmann::json& backlog);
std::vector<TreeNode> OfKind(const std::vector<TreeNode>& nodes, std::string_view kind);

// Fails the test unless the tree is complete within `limits`: exactly the limit at every level
// (the emulator always gives as many as asked), a test plan per feature and a test suite per
// story, 3-7 acceptance criteria per story, an estimate per task, a step with action and
// expected result per test case, unique ids, and titles unique among siblings.
void ExpectCompleteTree(const nlohmann::json& backlog, const nlohmann::json& limits);

}  // namespace testing_support
