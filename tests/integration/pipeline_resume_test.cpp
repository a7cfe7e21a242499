// A generation job survives the service being killed: the next start resumes it where it
// stopped, without losing or duplicating a node and without asking the LLM again for a step
// that had finished.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/auth_helpers.hpp"
#include "support/fake_llm.hpp"
#include "support/pipeline_api.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

// The schema each kind of step asks the LLM for (the agents' reply schemas).
const std::map<std::string, std::string> kSchemaOfStep = {
    {"epics", "epics"}, {"features", "features"}, {"stories", "stories"}, {"plan", "test_plan"},
    {"tasks", "tasks"}, {"suite", "test_suite"},  {"cases", "test_cases"}};

// How a step's prompt names the node it expands: the first lines of the node's description in
// the prompt ("Title: ...\nDescription: ..." for epics and features, "Title: ...\nUser story:
// ..." for stories).
std::string PromptMarker(const Json& node, const std::string& kind) {
  const auto line = [&](const char* label, const char* field) {
    const std::string value = node.value(field, "");
    return value.empty() ? std::string() : std::string(label) + ": " + value + "\n";
  };
  return line("Title", "title") +
         (kind == "story" ? line("User story", "user_story") : line("Description", "description"));
}

std::string PromptText(const Json& request) {
  std::string text;
  for (const Json& message : request.value("messages", Json::array())) {
    if (message.contains("content") && message["content"].is_string()) {
      text += message["content"].get<std::string>() + "\n";
    }
  }
  return text;
}

TEST(PipelineResume, AKilledJobResumesAfterRestartWithoutRedoingFinishedSteps) {
  TempDir dir;
  // Slow enough that the job is caught midway; the messages map each call to its step.
  FakeLlm llm({"--latency-ms", "300", "--log-messages"});
  const EnvVars env = PipelineEnv(llm, {{"JOB_LEASE_SECONDS", "5"}, {"LLM_MAX_IN_FLIGHT", "2"}});
  const Json limits = LimitsJson(2, 2, 2, 2, 2);

  SignedInClient ada;
  std::string project_id;
  std::string job_id;
  {
    Service first(Service::InFolder{dir.path()}, env);
    ada = RegisterUser(first.port(), "ada");
    project_id = CreateProject(first.port(), ada, limits)["id"];
    job_id = StartGeneration(first.port(), ada, project_id);
    ASSERT_FALSE(job_id.empty());
    // Kill it once several steps are done, with features and stories already written.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    Json job;
    for (;;) {
      job = GetJson(first.port(), ada, "/api/jobs/" + job_id);
      if (job["progress"].is_object() && job["progress"]["done"].get<int>() >= 10) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << job.dump();
      ASSERT_FALSE(IsSuccessfulJobState(job["state"])) << "finished before the kill";
      std::this_thread::sleep_for(50ms);
    }
    first.process().Signal(SIGKILL);
    ASSERT_EQ(first.process().WaitForExit(10s), std::optional<int>(128 + SIGKILL));
  }

  // What had finished when the service died, as its database says.
  const auto database = dir.path();
  std::map<std::string, std::string> steps_before;
  for (const auto& row :
       QueryRows(database, "SELECT id, state FROM job_steps WHERE job_id = ?", {job_id})) {
    steps_before[row[0]] = row[1];
  }
  std::map<std::string, std::pair<std::string, Json>> nodes_before;  // id -> (kind, data)
  for (const auto& row :
       QueryRows(database, "SELECT id, kind, data FROM nodes WHERE project_id = ?", {project_id})) {
    nodes_before[row[0]] = {row[1], Json::parse(row[2])};
  }
  ASSERT_EQ(QueryRows(database, "SELECT state FROM jobs WHERE id = ?", {job_id}).at(0).at(0),
            "running");
  ASSERT_GE(steps_before.size(), 10u);
  ASSERT_LT(steps_before.size(), 35u) << "the job must be caught midway";

  // The LLM requests of the steps that had finished: the step's schema, and a prompt naming
  // the step's node. A request that could belong to an unfinished step is left out.
  const Json requests_before = llm.Log()["requests"];
  const auto step_of_request = [&](const Json& request) {
    std::vector<std::string> steps;
    const std::string text = PromptText(request);
    for (const auto& [step, state] : steps_before) {
      (void)state;
      const std::string kind = step.substr(0, step.find(':'));
      if (kSchemaOfStep.at(kind) != request["schema_name"]) continue;
      if (kind == "epics") {
        steps.push_back(step);
        continue;
      }
      const auto node = nodes_before.find(step.substr(step.find(':') + 1));
      if (node == nodes_before.end()) continue;
      const std::string marker = PromptMarker(node->second.second, node->second.first);
      if (text.find(marker) != std::string::npos) steps.push_back(step);
    }
    return steps;
  };
  std::set<std::string> finished_digests;
  std::map<std::string, int> requests_of_step;
  for (const Json& request : requests_before) {
    ASSERT_TRUE(request.contains("messages")) << "the emulator logs no messages";
    const auto steps = step_of_request(request);
    if (steps.size() != 1 || steps_before.at(steps[0]) != "done") continue;
    ++requests_of_step[steps[0]];
    if (request["status"] == 200) finished_digests.insert(request["prompt_digest"]);
  }
  for (const auto& [step, state] : steps_before) {
    EXPECT_EQ(state, "done") << step;
    EXPECT_GE(requests_of_step[step], 1) << "no request found for the finished step " << step;
  }

  // The next start takes the job over once its lease runs out and finishes it.
  Service second(Service::InFolder{dir.path()}, env);
  const Json job = WaitForJob(second.port(), ada, job_id, 60s);
  ASSERT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
  EXPECT_EQ(job["result"]["failed_steps"], 0) << job.dump();
  const Json backlog = GetBacklog(second.port(), ada, project_id);
  ExpectCompleteTree(backlog, limits);  // nothing missing, nothing twice
  std::set<std::string> ids;
  for (const TreeNode& node : Flatten(backlog)) ids.insert(node.id);
  for (const auto& [id, node] : nodes_before) {
    EXPECT_TRUE(ids.contains(id)) << "the " << node.first << " " << id << " was lost";
  }

  // No finished step asked the LLM again.
  const Json all_requests = llm.Log()["requests"];
  ASSERT_GT(all_requests.size(), requests_before.size()) << "the job went on after the restart";
  for (std::size_t i = requests_before.size(); i < all_requests.size(); ++i) {
    const Json& request = all_requests[i];
    EXPECT_FALSE(finished_digests.contains(request["prompt_digest"]))
        << "a " << request["schema_name"] << " request of a step finished before the kill was "
        << "made again";
  }
  // And the finished steps were not written again.
  for (const auto& row :
       QueryRows(database, "SELECT id, state FROM job_steps WHERE job_id = ?", {job_id})) {
    if (steps_before.contains(row[0])) {
      EXPECT_EQ(row[1], steps_before[row[0]]) << row[0];
    }
  }
}

}  // namespace
}  // namespace testing_support
