#include "support/finished_work.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "support/pipeline_api.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using Json = nlohmann::json;

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

}  // namespace

FinishedWork::FinishedWork(const std::filesystem::path& dir, FakeLlm& llm,
                           const std::string& job_id, const std::string& project_id)
    : dir_(dir), job_id_(job_id) {
  for (const auto& row :
       QueryRows(dir, "SELECT id, state FROM job_steps WHERE job_id = ?", {job_id})) {
    steps_[row[0]] = row[1];
  }
  for (const auto& row :
       QueryRows(dir, "SELECT id, kind, data FROM nodes WHERE project_id = ?", {project_id})) {
    nodes_[row[0]] = {row[1], Json::parse(row[2])};
  }
  job_state_ = QueryText(dir, "SELECT state FROM jobs WHERE id = '" + job_id + "'");

  // The LLM requests of the steps that had finished: the step's schema, and a prompt naming
  // the step's node. A request that could belong to an unfinished step is left out.
  const Json requests = llm.Log()["requests"];
  requests_before_ = requests.size();
  const auto step_of_request = [&](const Json& request) {
    std::vector<std::string> steps;
    const std::string text = PromptText(request);
    for (const auto& [step, state] : steps_) {
      (void)state;
      const std::string kind = step.substr(0, step.find(':'));
      if (kSchemaOfStep.at(kind) != request["schema_name"]) continue;
      if (kind == "epics") {
        steps.push_back(step);
        continue;
      }
      const auto node = nodes_.find(step.substr(step.find(':') + 1));
      if (node == nodes_.end()) continue;
      const std::string marker = PromptMarker(node->second.second, node->second.first);
      if (text.find(marker) != std::string::npos) steps.push_back(step);
    }
    return steps;
  };
  std::map<std::string, int> requests_of_step;
  for (const Json& request : requests) {
    if (!request.contains("messages")) {
      ADD_FAILURE() << "the emulator logs no messages (start it with --log-messages)";
      return;
    }
    const auto steps = step_of_request(request);
    if (steps.size() != 1 || steps_.at(steps[0]) != "done") continue;
    ++requests_of_step[steps[0]];
    if (request["status"] == 200) finished_digests_.insert(request["prompt_digest"]);
  }
  for (const auto& [step, state] : steps_) {
    EXPECT_EQ(state, "done") << step;
    EXPECT_GE(requests_of_step[step], 1) << "no request found for the finished step " << step;
  }
}

void FinishedWork::ExpectKept(const Json& backlog, FakeLlm& llm) const {
  std::set<std::string> ids;
  for (const TreeNode& node : Flatten(backlog)) ids.insert(node.id);
  for (const auto& [id, node] : nodes_) {
    EXPECT_TRUE(ids.contains(id)) << "the " << node.first << " " << id << " was lost";
  }
  // No finished step asked the LLM again.
  const Json all_requests = llm.Log()["requests"];
  EXPECT_GT(all_requests.size(), requests_before_) << "the job went on after the kill";
  for (std::size_t i = requests_before_; i < all_requests.size(); ++i) {
    const Json& request = all_requests[i];
    EXPECT_FALSE(finished_digests_.contains(request["prompt_digest"]))
        << "a " << request["schema_name"] << " request of a step finished before the kill was "
        << "made again";
  }
  // And the finished steps were not written again.
  for (const auto& row :
       QueryRows(dir_, "SELECT id, state FROM job_steps WHERE job_id = ?", {job_id_})) {
    if (const auto step = steps_.find(row[0]); step != steps_.end()) {
      EXPECT_EQ(row[1], step->second) << row[0];
    }
  }
}

}  // namespace testing_support
