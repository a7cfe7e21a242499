// Pushing a generated backlog to Azure DevOps, against the tracker emulator: the connection
// test in words a person can act on, every field of every node in the tracker with its parent,
// links and steps, each process's mapping, exactly one work item per node after lost answers
// and a killed service, rate-limit storms, missing paths, and a failing item that blocks only
// its own subtree.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>

#include "support/auth_helpers.hpp"
#include "support/fake_ado.hpp"
#include "support/fake_llm.hpp"
#include "support/http_client.hpp"
#include "support/pipeline_api.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using namespace std::chrono_literals;

EnvVars TrackerEnv(const FakeLlm& llm, const EnvVars& extra = {}) {
  EnvVars env = PipelineEnv(llm, {{"TRACKER_ALLOWED_HOSTS", "127.0.0.1"},
                                  {"AZURE_DEVOPS_TIMEOUT_SECONDS", "5"},
                                  {"PUBLIC_URL", "https://backlog.example.test"}});
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

Json Connection(const FakeAdo& ado, const std::string& project) {
  return {
      {"organization_url", ado.organization_url()}, {"project", project}, {"pat", FakeAdo::kPat}};
}

// Undoes the XML layer, then the HTML layer, of a Steps field.
std::string Unescape(std::string text) {
  for (const auto& [entity, plain] : std::initializer_list<std::pair<std::string, std::string>>{
           {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}}) {
    for (std::size_t at = text.find(entity); at != std::string::npos;
         at = text.find(entity, at + plain.size())) {
      text.replace(at, entity.size(), plain);
    }
  }
  return text;
}

std::string EscapeHtml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// The node id a work item links back to.
std::string NodeOf(const Json& work_item) {
  for (const auto& relation : work_item.value("relations", Json::array())) {
    if (relation.value("rel", "") != "Hyperlink") continue;
    const std::string url = relation.value("url", "");
    const auto at = url.find("node=");
    if (at != std::string::npos) return url.substr(at + 5);
  }
  return {};
}

std::optional<std::int64_t> LinkTarget(const Json& work_item, const std::string& rel) {
  for (const auto& relation : work_item.value("relations", Json::array())) {
    if (relation.value("rel", "") == rel && relation.contains("target")) {
      return relation["target"].get<std::int64_t>();
    }
  }
  return std::nullopt;
}

class TrackerPush : public ::testing::Test {
 protected:
  void SetUp() override { Start(); }

  void Start(const EnvVars& extra = {}, const std::vector<std::string>& ado_args = {}) {
    if (!llm_) llm_ = std::make_unique<FakeLlm>();
    ado_ = std::make_unique<FakeAdo>(ado_args);
    service_ = std::make_unique<Service>(TrackerEnv(*llm_, extra));
    ada_ = RegisterUser(port(), "ada");
  }

  std::uint16_t port() const { return service_->port(); }

  std::string Generate(const Json& limits = LimitsJson(2, 2, 2, 2, 2)) {
    const std::string project_id = CreateProject(port(), ada_, limits)["id"];
    const Json job = WaitForJob(port(), ada_, StartGeneration(port(), ada_, project_id));
    EXPECT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
    return project_id;
  }

  void UseProject(const std::string& ado_project, const Json& extra = Json::object()) {
    Json body = Connection(*ado_, ado_project);
    body.update(extra);
    const HttpResponse saved = Call(port(), ada_, "PUT", "/api/settings/tracker", body);
    ASSERT_EQ(saved.status, 200) << saved.body;
  }

  // Starts a push; returns the accepted answer (job id, push id).
  Json StartPush(const std::string& project_id, const Json& body = Json::object()) {
    const HttpResponse started =
        Call(port(), ada_, "POST", "/api/projects/" + project_id + "/push", body);
    EXPECT_EQ(started.status, 202) << started.body << "\n" << service_->process().Output();
    return Json::parse(started.body);
  }

  Json Push(const std::string& project_id, const Json& body = Json::object()) {
    const Json started = StartPush(project_id, body);
    Json job = WaitForJob(port(), ada_, started["id"], 120s);
    job["push_id"] = started["push_id"];
    return job;
  }

  Json PushDetail(const std::string& project_id, const std::string& push_id) {
    return GetJson(port(), ada_, "/api/projects/" + project_id + "/pushes/" + push_id);
  }

  std::unique_ptr<FakeLlm> llm_;
  std::unique_ptr<FakeAdo> ado_;
  std::unique_ptr<Service> service_;
  SignedInClient ada_;
};

// --- the connection test ------------------------------------------------------------------------

TEST_F(TrackerPush, ConnectionTestReportsTheProcessAndPaths) {
  UseProject("AgileProject");
  const HttpResponse response = Call(port(), ada_, "POST", "/api/tracker/azure-devops/test", {});
  ASSERT_EQ(response.status, 200) << response.body;
  const Json check = Json::parse(response.body);
  EXPECT_TRUE(check["ok"].get<bool>()) << check.dump();
  EXPECT_EQ(check["project"]["name"], "AgileProject");
  EXPECT_EQ(check["process"]["types"]["story"], "User Story");
  EXPECT_EQ(check["process"]["story_estimate_field"], "Microsoft.VSTS.Scheduling.StoryPoints");
  EXPECT_TRUE(check["test_plans"].get<bool>());
  EXPECT_THAT(check["iteration_paths"].dump(), HasSubstr("Iteration 1"));
  // The PAT never comes back.
  EXPECT_EQ(response.body.find(FakeAdo::kPat), std::string::npos);
  // The connection test's requests count on /metrics by outcome.
  EXPECT_THAT(
      HttpGet(port(), "/metrics").body,
      ::testing::ContainsRegex("backlog_tracker_requests_total\\{outcome=\"2xx\"\\} [1-9]"));
  const Json settings = GetJson(port(), ada_, "/api/settings/tracker");
  EXPECT_EQ(settings["settings"]["pat"], "set");
  EXPECT_EQ(settings.dump().find(FakeAdo::kPat), std::string::npos);
  // Sealed at rest, and never in the log.
  EXPECT_EQ(service_->process().Output().find(FakeAdo::kPat), std::string::npos);
  EXPECT_EQ(QueryText(service_->dir(),
                      "SELECT coalesce(sealed_pat, '') || data FROM "
                      "tracker_settings")
                .find(FakeAdo::kPat),
            std::string::npos);
  const auto data_dir = service_->database_path().parent_path();  // SQLite's files, if any
  for (const auto& file : std::filesystem::exists(data_dir)
                              ? std::filesystem::directory_iterator(data_dir)
                              : std::filesystem::directory_iterator()) {
    std::ifstream in(file.path(), std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(bytes.find(FakeAdo::kPat), std::string::npos) << file.path().filename();
  }
}

TEST_F(TrackerPush, ConnectionTestNamesABadTokenAnUnknownProjectAndAForbiddenHost) {
  UseProject("AgileProject");
  Json check = Json::parse(
      Call(port(), ada_, "POST", "/api/tracker/azure-devops/test", {{"pat", "wrong-token"}}).body);
  EXPECT_FALSE(check["ok"].get<bool>());
  EXPECT_EQ(check["problem"], "bad_pat");
  EXPECT_THAT(check["message"].get<std::string>(), HasSubstr("expired"));

  check = Json::parse(
      Call(port(), ada_, "POST", "/api/tracker/azure-devops/test", {{"project", "NoSuchProject"}})
          .body);
  EXPECT_FALSE(check["ok"].get<bool>());
  EXPECT_EQ(check["problem"], "unknown_project");
  EXPECT_THAT(check["message"].get<std::string>(), HasSubstr("NoSuchProject"));

  // An organization URL on a host the operator did not allow is refused before any request.
  const HttpResponse refused = Call(port(), ada_, "PUT", "/api/settings/tracker",
                                    {{"organization_url", "http://10.0.0.7/fabrikam"}});
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("organization_url"));
  const HttpResponse with_password =
      Call(port(), ada_, "PUT", "/api/settings/tracker",
           {{"organization_url", "http://user:secret@127.0.0.1:" + std::to_string(ado_->port())}});
  EXPECT_EQ(with_password.status, 422) << with_password.body;
}

// --- the round trip ------------------------------------------------------------------------------

TEST_F(TrackerPush, EveryNodeReachesTheTrackerOnceWithItsFieldsLinksAndSteps) {
  const std::string project_id = Generate();
  const Json backlog = GetBacklog(port(), ada_, project_id);
  UseProject("AgileProject");
  const Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed") << job.dump();

  const Json push = PushDetail(project_id, job["push_id"]);
  const std::string tag = push["tag"];
  std::map<std::string, Json> by_node;  // node id -> work item
  std::map<std::int64_t, std::string> node_of_id;
  for (const Json& item : ado_->WorkItems("AgileProject", tag)) {
    const std::string node = NodeOf(item);
    ASSERT_FALSE(node.empty()) << "a work item without its node link: " << item.dump();
    EXPECT_FALSE(by_node.contains(node)) << "two work items for node " << node;
    by_node[node] = item;
    node_of_id[item["id"].get<std::int64_t>()] = node;
  }

  const std::map<std::string, std::string> types = {{"epic", "Epic"},
                                                    {"feature", "Feature"},
                                                    {"story", "User Story"},
                                                    {"task", "Task"},
                                                    {"test_case", "Test Case"}};
  int work_items = 0;
  for (const TreeNode& node : Flatten(backlog)) {
    if (!types.contains(node.kind)) continue;
    ++work_items;
    ASSERT_TRUE(by_node.contains(node.id)) << node.kind << " " << node.title << " is missing";
    const Json& item = by_node[node.id];
    const Json& fields = item["fields"];
    EXPECT_EQ(item["type"], types.at(node.kind));
    EXPECT_EQ(fields["System.Title"], node.title);
    EXPECT_THAT(fields["System.Tags"].get<std::string>(), HasSubstr(tag));
    const std::string parent_rel = node.kind == "test_case"
                                       ? "Microsoft.VSTS.Common.TestedBy-Reverse"
                                       : "System.LinkTypes.Hierarchy-Reverse";
    if (node.kind != "epic") {
      const auto parent = LinkTarget(item, parent_rel);
      ASSERT_TRUE(parent) << node.kind << " " << node.title << " has no " << parent_rel;
      EXPECT_EQ(node_of_id[*parent], node.parent_id) << node.title;
    }
    const Json& data = *node.json;
    if (node.kind == "story") {
      EXPECT_EQ(fields["Microsoft.VSTS.Scheduling.StoryPoints"].get<double>(),
                data["story_points"].get<double>());
      const std::string criteria = fields["Microsoft.VSTS.Common.AcceptanceCriteria"];
      for (const auto& criterion : data["acceptance_criteria"]) {
        EXPECT_THAT(criteria, HasSubstr(EscapeHtml(criterion.get<std::string>())));
      }
      EXPECT_FALSE(fields.value("System.Description", "").empty());
    }
    if (node.kind == "task") {
      EXPECT_EQ(fields["Microsoft.VSTS.Scheduling.RemainingWork"].get<double>(),
                data["estimate_hours"].get<double>());
      EXPECT_EQ(fields["Microsoft.VSTS.Scheduling.OriginalEstimate"].get<double>(),
                data["estimate_hours"].get<double>());
      EXPECT_GT(data["estimate_hours"].get<double>(), 0);
    }
    if (node.kind == "test_case") {
      const std::string steps = Unescape(fields["Microsoft.VSTS.TCM.Steps"]);
      ASSERT_FALSE(data["steps"].empty());
      std::size_t count = 0;
      for (std::size_t at = steps.find("<step "); at != std::string::npos;
           at = steps.find("<step ", at + 1)) {
        ++count;
      }
      EXPECT_EQ(count, data["steps"].size());
      for (const auto& step : data["steps"]) {
        EXPECT_THAT(steps, HasSubstr("<DIV><P>" + EscapeHtml(step["action"]) + "</P></DIV>"));
        EXPECT_THAT(steps, HasSubstr("<DIV><P>" + EscapeHtml(step["expected"]) + "</P></DIV>"));
      }
    }
  }
  EXPECT_EQ(static_cast<int>(by_node.size()), work_items) << "nothing extra, nothing duplicated";

  // A plan per feature, a suite per story holding that story's test cases.
  const Json plans = ado_->TestPlans("AgileProject");
  const std::string plans_text = plans.dump();
  int plan_nodes = 0;
  for (const TreeNode& node : OfKind(Flatten(backlog), "test_plan")) {
    ++plan_nodes;
    EXPECT_THAT(plans_text, HasSubstr(Json(node.title).dump()));
  }
  EXPECT_EQ(plan_nodes, 4);
  for (const TreeNode& story : OfKind(Flatten(backlog), "story")) {
    for (const TreeNode& test_case : Flatten(backlog)) {
      if (test_case.kind != "test_case" || test_case.parent_id != story.id) continue;
      EXPECT_THAT(plans_text, HasSubstr(std::to_string(by_node[test_case.id]["id"].get<int>())));
    }
  }

  // Every item's result links to its work item; the whole push took one $batch and no
  // request per link.
  for (const Json& item : push["items"]) {
    EXPECT_EQ(item["state"], "created") << item.dump();
    EXPECT_FALSE(item["url"].get<std::string>().empty());
  }
  // The job's event stream told the story item by item, with links.
  const auto stream =
      ReadJobEvents(port(), ada_.Bearer(), job["id"].get<std::string>(), std::chrono::seconds(10));
  ASSERT_TRUE(stream);
  std::set<std::string> streamed;
  for (const ServerSentEvent& event : ParseEventStream(stream->body)) {
    if (event.type != "push_item") continue;
    EXPECT_EQ(event.data["state"], "created") << event.data.dump();
    EXPECT_FALSE(event.data.value("url", "").empty());
    streamed.insert(event.data["node_id"].get<std::string>());
  }
  EXPECT_EQ(streamed.size(), push["items"].size());

  const Json log = ado_->Log();
  EXPECT_EQ(log["by_route"].value("batch", 0), 1) << log["by_route"].dump();
  EXPECT_EQ(log["by_route"].value("workitems.create", 0), 0);
  EXPECT_EQ(log["by_route"].value("workitems.update", 0), 0);
}

// The work items of a push by node id; fails on a node with two.
std::map<std::string, Json> ByNode(FakeAdo& ado, const std::string& project,
                                   const std::string& tag) {
  std::map<std::string, Json> by_node;
  for (const Json& item : ado.WorkItems(project, tag)) {
    const std::string node = NodeOf(item);
    EXPECT_FALSE(by_node.contains(node)) << "two work items for node " << node;
    by_node[node] = item;
  }
  return by_node;
}

std::vector<TreeNode> WorkItemNodes(const Json& backlog) {
  std::vector<TreeNode> nodes;
  for (const TreeNode& node : Flatten(backlog)) {
    if (node.kind != "test_plan" && node.kind != "test_suite") nodes.push_back(node);
  }
  return nodes;
}

// Exactly one work item per node of the backlog, each under the right parent.
void ExpectOneWorkItemPerNode(FakeAdo& ado, const std::string& project, const std::string& tag,
                              const Json& backlog) {
  const std::map<std::string, Json> by_node = ByNode(ado, project, tag);
  std::map<std::int64_t, std::string> node_of_id;
  for (const auto& [node, item] : by_node) node_of_id[item["id"].get<std::int64_t>()] = node;
  const std::vector<TreeNode> nodes = WorkItemNodes(backlog);
  EXPECT_EQ(by_node.size(), nodes.size());
  for (const TreeNode& node : nodes) {
    const auto found = by_node.find(node.id);
    ASSERT_NE(found, by_node.end()) << node.kind << " " << node.title << " is missing";
    if (node.kind == "epic") continue;
    const auto parent = LinkTarget(found->second, node.kind == "test_case"
                                                      ? "Microsoft.VSTS.Common.TestedBy-Reverse"
                                                      : "System.LinkTypes.Hierarchy-Reverse");
    ASSERT_TRUE(parent) << node.title;
    EXPECT_EQ(node_of_id[*parent], node.parent_id) << node.title;
  }
}

TEST_F(TrackerPush, EachProcessGetsItsOwnTypesAndEstimateFields) {
  const std::string project_id = Generate(LimitsJson(1, 1, 1, 1, 1));
  const Json backlog = GetBacklog(port(), ada_, project_id);
  const Json story = *OfKind(Flatten(backlog), "story").at(0).json;
  const Json task = *OfKind(Flatten(backlog), "task").at(0).json;
  struct Expected {
    std::string project, feature_type, story_type, estimate_field;
    bool original_estimate;
  };
  for (const Expected& expected :
       {Expected{"ScrumProject", "Feature", "Product Backlog Item",
                 "Microsoft.VSTS.Scheduling.Effort", false},
        Expected{"BasicProject", "Epic", "Issue", "Microsoft.VSTS.Scheduling.Effort", false},
        Expected{"CmmiProject", "Feature", "Requirement", "Microsoft.VSTS.Scheduling.Size",
                 true}}) {
    SCOPED_TRACE(expected.project);
    UseProject(expected.project);
    const Json job = Push(project_id);
    ASSERT_EQ(job["state"], "completed") << job.dump();
    const std::string tag = PushDetail(project_id, job["push_id"])["tag"];
    const auto by_node = ByNode(*ado_, expected.project, tag);
    const Json& feature = by_node.at(OfKind(Flatten(backlog), "feature").at(0).id);
    EXPECT_EQ(feature["type"], expected.feature_type);
    const Json& story_item = by_node.at(story["id"]);
    EXPECT_EQ(story_item["type"], expected.story_type);
    EXPECT_EQ(story_item["fields"][expected.estimate_field].get<double>(),
              story["story_points"].get<double>());
    const Json& task_item = by_node.at(task["id"]);
    EXPECT_EQ(task_item["fields"]["Microsoft.VSTS.Scheduling.RemainingWork"].get<double>(),
              task["estimate_hours"].get<double>());
    EXPECT_EQ(task_item["fields"].contains("Microsoft.VSTS.Scheduling.OriginalEstimate"),
              expected.original_estimate);
    ExpectOneWorkItemPerNode(*ado_, expected.project, tag, backlog);
  }
}

// --- uncertain outcomes -------------------------------------------------------------------------

TEST_F(TrackerPush, LostAnswersAreLookedUpNotSentAgain) {
  const std::string project_id = Generate();
  const Json backlog = GetBacklog(port(), ada_, project_id);
  UseProject("AgileProject");
  // The batch is saved but its answer never arrives; so is the first plan.
  ado_->Force("lost_response", 1, "batch");
  ado_->Force("lost_response", 1, "testplan.plans.create");
  const Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed") << job.dump();
  const std::string tag = PushDetail(project_id, job["push_id"])["tag"];
  ExpectOneWorkItemPerNode(*ado_, "AgileProject", tag, backlog);
  const Json log = ado_->Log();
  EXPECT_EQ(log["by_route"].value("batch", 0), 1) << "the lost batch was not sent again";
  EXPECT_GE(log["by_route"].value("wiql", 0), 1) << "the push looked before going on";
  const Json plans = ado_->TestPlans("AgileProject");
  std::set<std::string> plan_names;
  int plan_count = 0;
  for (const Json& plan : plans.value("value", plans.is_array() ? plans : Json::array())) {
    ++plan_count;
    plan_names.insert(plan.value("name", ""));
  }
  EXPECT_EQ(plan_count, 4) << "no plan twice: " << plans.dump().substr(0, 2000);
  EXPECT_EQ(plan_names.size(), 4u);
}

TEST_F(TrackerPush, ARateLimitStormIsWaitedOutHonouringRetryAfter) {
  const std::string project_id = Generate(LimitsJson(1, 2, 2, 1, 1));
  const Json backlog = GetBacklog(port(), ada_, project_id);
  UseProject("AgileProject");
  ado_->Configure({{"fault_retry_after_s", 1}});
  ado_->Force("throttle", 3, "batch");
  const Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed") << job.dump();
  ExpectOneWorkItemPerNode(*ado_, "AgileProject", PushDetail(project_id, job["push_id"])["tag"],
                           backlog);
  // After each 429, the next request waited the second Retry-After asked for.
  const Json requests = ado_->Log()["requests"];
  int throttled = 0;
  for (std::size_t i = 0; i + 1 < requests.size(); ++i) {
    if (requests[i]["status"] != 429) continue;
    ++throttled;
    const double answered =
        requests[i]["started_at_ms"].get<double>() + requests[i]["duration_ms"].get<double>();
    EXPECT_GE(requests[i + 1]["started_at_ms"].get<double>(), answered + 950)
        << requests[i + 1].dump();
  }
  EXPECT_EQ(throttled, 3);
}

TEST_F(TrackerPush, WithoutTestPlansAccessPlansAndSuitesAreSkippedWithAWarning) {
  const std::string project_id = Generate(LimitsJson(1, 1, 2, 1, 1));
  const Json backlog = GetBacklog(port(), ada_, project_id);
  UseProject("AgileProject");
  ado_->Configure({{"test_plans", false}});
  const Json check =
      Json::parse(Call(port(), ada_, "POST", "/api/tracker/azure-devops/test", {}).body);
  EXPECT_TRUE(check["ok"].get<bool>()) << check.dump();
  EXPECT_FALSE(check["test_plans"].get<bool>());
  EXPECT_THAT(check["warnings"].dump(), HasSubstr("Test Plans"));

  const Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed") << job.dump();
  const Json detail = PushDetail(project_id, job["push_id"]);
  for (const Json& item : detail["items"]) {
    const bool plan_or_suite = item["kind"] == "test_plan" || item["kind"] == "test_suite";
    EXPECT_EQ(item["state"], plan_or_suite ? "skipped" : "created") << item.dump();
  }
  ExpectOneWorkItemPerNode(*ado_, "AgileProject", detail["tag"], backlog);
}

TEST_F(TrackerPush, ACancelledPushStopsAndItsRetryFinishesWithoutDuplicates) {
  service_.reset();
  Start({{"AZURE_DEVOPS_BATCH_SIZE", "3"}});
  const std::string project_id = Generate();
  const Json backlog = GetBacklog(port(), ada_, project_id);
  UseProject("AgileProject");
  ado_->Configure({{"latency_ms", 200}});
  const Json started = StartPush(project_id);
  const std::string job_id = started["id"];
  // Once a few batches are in, cancel.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (ado_->Log()["by_route"].value("batch", 0) < 3) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline);
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(Call(port(), ada_, "POST", "/api/jobs/" + job_id + "/cancel", Json::object()).status,
            202);
  const Json cancelled = WaitForJob(port(), ada_, job_id, 30s);
  EXPECT_EQ(cancelled["state"], "cancelled") << cancelled.dump();
  const std::string tag = PushDetail(project_id, started["push_id"])["tag"];
  const std::size_t created_then = ado_->WorkItems("AgileProject", tag).size();
  EXPECT_GT(created_then, 0u);
  EXPECT_LT(created_then, WorkItemNodes(backlog).size()) << "it stopped before the end";

  ado_->Configure({{"latency_ms", 0}});
  const HttpResponse retried =
      Call(port(), ada_, "POST", "/api/projects/" + project_id + "/push/retry", Json::object());
  ASSERT_EQ(retried.status, 202) << retried.body;
  EXPECT_EQ(WaitForJob(port(), ada_, Json::parse(retried.body)["id"], 120s)["state"], "completed");
  ExpectOneWorkItemPerNode(*ado_, "AgileProject", tag, backlog);
}

// --- paths, failures, retry, ownership ----------------------------------------------------------

TEST_F(TrackerPush, AMissingIterationIsCreatedOnlyWhenAskedFor) {
  const std::string project_id = Generate(LimitsJson(1, 1, 1, 1, 1));
  UseProject("AgileProject", {{"iteration_path", "AgileProject\\Release 7"}});
  Json job = Push(project_id);
  EXPECT_EQ(job["state"], "failed") << job.dump();
  EXPECT_THAT(job.dump(), HasSubstr("Release 7"));
  EXPECT_THAT(job.dump(), HasSubstr("create_missing_paths"));
  EXPECT_TRUE(ado_->WorkItems("AgileProject").empty()) << "nothing was sent";

  job = Push(project_id, {{"create_missing_paths", true}});
  ASSERT_EQ(job["state"], "completed") << job.dump();
  for (const Json& item :
       ado_->WorkItems("AgileProject", PushDetail(project_id, job["push_id"])["tag"])) {
    EXPECT_EQ(item["fields"]["System.IterationPath"], "AgileProject\\Release 7");
  }
}

TEST_F(TrackerPush, AFailingItemBlocksOnlyItsSubtreeAndARetrySendsItOnceFixed) {
  service_.reset();
  Start({{"MAX_REQUEST_BODY_BYTES", "4000000"}});
  const std::string project_id = Generate();
  Json backlog = GetBacklog(port(), ada_, project_id);
  const TreeNode story = OfKind(Flatten(backlog), "story").at(0);
  // Longer than any Azure DevOps text field takes: the tracker refuses this story.
  const std::string original = (*story.json)["description"];
  ASSERT_EQ(Call(port(), ada_, "PATCH", "/api/nodes/" + story.id,
                 {{"description", std::string(1'100'000, 'x')}})
                .status,
            200);
  UseProject("AgileProject");
  Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed_with_warnings") << job.dump().substr(0, 2000);
  const std::string push_id = job["push_id"];
  Json detail = PushDetail(project_id, push_id);
  std::map<std::string, std::string> state_of;
  for (const Json& item : detail["items"]) state_of[item["node_id"]] = item["state"];
  EXPECT_EQ(state_of[story.id], "failed");
  for (const Json& item : detail["items"]) {
    if (item["node_id"] == story.id) {
      EXPECT_THAT(item.value("error", ""), HasSubstr("TF401320")) << item.dump();
    }
  }
  for (const TreeNode& node : WorkItemNodes(backlog)) {
    const bool under_story = node.parent_id == story.id;
    if (node.id == story.id) continue;
    EXPECT_EQ(state_of[node.id], under_story ? "blocked" : "created")
        << node.kind << " " << node.title;
  }

  // Fixed, and retried: the story and what hangs under it go, nothing else twice.
  ASSERT_EQ(
      Call(port(), ada_, "PATCH", "/api/nodes/" + story.id, {{"description", original}}).status,
      200);
  const HttpResponse retried =
      Call(port(), ada_, "POST", "/api/projects/" + project_id + "/push/retry", Json::object());
  ASSERT_EQ(retried.status, 202) << retried.body;
  job = WaitForJob(port(), ada_, Json::parse(retried.body)["id"], 120s);
  ASSERT_EQ(job["state"], "completed") << job.dump();
  backlog = GetBacklog(port(), ada_, project_id);
  detail = PushDetail(project_id, push_id);
  ExpectOneWorkItemPerNode(*ado_, "AgileProject", detail["tag"], backlog);
  // The story's test cases joined its suite.
  const std::string plans = ado_->TestPlans("AgileProject").dump();
  for (const Json& item : detail["items"]) {
    EXPECT_EQ(item["state"], "created") << item.dump();
    if (item["kind"] == "test_case") {
      EXPECT_THAT(plans, HasSubstr(std::to_string(item["tracker_id"].get<int>())));
    }
  }
  const Json pushes = GetJson(port(), ada_, "/api/projects/" + project_id + "/pushes");
  ASSERT_EQ(pushes["pushes"].size(), 1u);
  EXPECT_EQ(pushes["pushes"][0]["counts"]["created"], pushes["pushes"][0]["counts"]["total"]);
}

TEST_F(TrackerPush, AnotherUserSeesNoneOfIt) {
  const std::string project_id = Generate(LimitsJson(1, 1, 1, 1, 1));
  UseProject("AgileProject");
  const Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed");
  // While a push runs, neither another push nor a generation of the project may start.
  ado_->Configure({{"latency_ms", 400}});
  const Json running = StartPush(project_id);
  const HttpResponse second =
      Call(port(), ada_, "POST", "/api/projects/" + project_id + "/push", Json::object());
  EXPECT_EQ(second.status, 409) << second.body;
  const HttpResponse generate =
      Call(port(), ada_, "POST", "/api/projects/" + project_id + "/jobs", {{"replace", true}});
  EXPECT_EQ(generate.status, 409) << generate.body;
  EXPECT_EQ(WaitForJob(port(), ada_, running["id"], 120s)["state"], "completed");
  ado_->Configure({{"latency_ms", 0}});

  // The project's jobs name their kind and state.
  const Json jobs = GetJson(port(), ada_, "/api/projects/" + project_id + "/jobs");
  std::set<std::string> kinds;
  for (const Json& listed : jobs["jobs"]) {
    kinds.insert(listed["kind"].get<std::string>());
    EXPECT_EQ(listed["state"], "completed") << listed.dump();
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"generate", "push"}));

  const SignedInClient bob = RegisterUser(port(), "bob");
  const std::string base = "/api/projects/" + project_id;
  EXPECT_EQ(Call(port(), bob, "GET", base + "/pushes").status, 404);
  EXPECT_EQ(Call(port(), bob, "GET", base + "/pushes/" + job["push_id"].get<std::string>()).status,
            404);
  EXPECT_EQ(Call(port(), bob, "POST", base + "/push", Json::object()).status, 404);
  EXPECT_EQ(Call(port(), bob, "POST", base + "/push/retry", Json::object()).status, 404);
  EXPECT_EQ(Call(port(), bob, "GET", base + "/tracker").status, 404);
  EXPECT_EQ(Call(port(), bob, "PUT", base + "/tracker", {{"project", "X"}}).status, 404);
  // Bob's own settings are his: Ada's PAT is not used for him.
  EXPECT_EQ(GetJson(port(), bob, "/api/settings/tracker")["settings"]["pat"], "not set");
}

TEST_F(TrackerPush, APushWaitsForNoJobAndRefusesAProjectWithoutABacklog) {
  UseProject("AgileProject");
  const std::string empty = CreateProject(port(), ada_, LimitsJson(1, 1, 1, 1, 1))["id"];
  const HttpResponse refused =
      Call(port(), ada_, "POST", "/api/projects/" + empty + "/push", Json::object());
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_THAT(refused.body, HasSubstr("generate"));
}

TEST_F(TrackerPush, ACleanupRemovesWhatThePushCreatedOnlyWhenConfirmed) {
  const std::string project_id = Generate(LimitsJson(1, 2, 1, 2, 2));
  UseProject("AgileProject");
  const Json job = Push(project_id);
  ASSERT_EQ(job["state"], "completed") << job.dump();
  const std::string push_id = job["push_id"];
  const std::string tag = PushDetail(project_id, push_id)["tag"];
  ASSERT_FALSE(ado_->WorkItems("AgileProject", tag).empty());
  const std::string target = "/api/projects/" + project_id + "/pushes/" + push_id;

  const HttpResponse unconfirmed = Call(port(), ada_, "DELETE", target, Json::object());
  EXPECT_EQ(unconfirmed.status, 422) << unconfirmed.body;
  EXPECT_THAT(unconfirmed.body, HasSubstr("confirm"));
  EXPECT_FALSE(ado_->WorkItems("AgileProject", tag).empty()) << "nothing removed unconfirmed";

  const HttpResponse accepted = Call(port(), ada_, "DELETE", target, {{"confirm", push_id}});
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  const Json cleanup = WaitForJob(port(), ada_, Json::parse(accepted.body)["id"], 120s);
  ASSERT_EQ(cleanup["state"], "completed") << cleanup.dump();
  EXPECT_TRUE(ado_->WorkItems("AgileProject", tag).empty());
  const Json detail = PushDetail(project_id, push_id);
  EXPECT_EQ(detail["state"], "removed");
  std::set<std::string> plan_names;
  for (const Json& item : detail["items"]) {
    EXPECT_EQ(item["state"], "removed") << item.dump();
    if (item["kind"] == "test_plan") plan_names.insert(item["title"]);
  }
  ASSERT_EQ(plan_names.size(), 2u);
  for (const std::string& name : plan_names) {
    EXPECT_THAT(ado_->TestPlans("AgileProject").dump(), ::testing::Not(HasSubstr(name)));
  }
  // Work items wait in the recycle bin; test cases have none.
  int in_bin = 0;
  for (const Json& item : ado_->WorkItems("AgileProject&deleted=true", tag)) {
    if (item.value("deleted", false)) ++in_bin;
    EXPECT_NE(item["type"], "Test Case");
  }
  EXPECT_EQ(in_bin, 1 + 2 + 2 + 4);  // epic, features, stories, tasks
}

// --- a killed service ---------------------------------------------------------------------------

TEST(TrackerPushResume, AKilledPushFinishesAfterRestartsWithOneWorkItemPerNode) {
  TempDir dir;
  FakeLlm llm;
  // Slow answers and small batches: the push is caught with batches in flight.
  FakeAdo ado({"--latency-ms", "250"});
  const EnvVars env =
      TrackerEnv(llm, {{"JOB_LEASE_SECONDS", "5"}, {"AZURE_DEVOPS_BATCH_SIZE", "4"}});
  SignedInClient ada;
  std::string project_id;
  std::string job_id;
  Json backlog;
  {
    Service first(Service::InFolder{dir.path()}, env);
    ada = RegisterUser(first.port(), "ada");
    project_id = CreateProject(first.port(), ada, LimitsJson(2, 2, 2, 2, 2))["id"];
    const Json generated =
        WaitForJob(first.port(), ada, StartGeneration(first.port(), ada, project_id));
    ASSERT_TRUE(IsSuccessfulJobState(generated["state"]));
    backlog = GetBacklog(first.port(), ada, project_id);
    ASSERT_EQ(
        Call(first.port(), ada, "PUT", "/api/settings/tracker", Connection(ado, "AgileProject"))
            .status,
        200);
    const HttpResponse started =
        Call(first.port(), ada, "POST", "/api/projects/" + project_id + "/push", Json::object());
    ASSERT_EQ(started.status, 202) << started.body;
    job_id = Json::parse(started.body)["id"];
  }
  // Kill it twice: first while a batch is on its way; then after a batch was carried out but its
  // answer lost, while the service is looking up what exists (so the restart starts with items
  // whose outcome it does not know, and must look them up instead of sending them again).
  const auto in_flight = [&ado](const std::string& route, int at_least) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      const Json log = ado.Log();
      bool waiting = false;
      for (const Json& request : log["requests"]) {
        waiting = waiting || (request["route"] == route && request["status"].is_null());
      }
      if (waiting && log["by_route"].value(route, 0) >= at_least) return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  };
  std::string tag;
  for (int round = 0; round < 3; ++round) {
    if (round == 1) {
      ado.Force("lost_response", 1, "batch");
      ado.Force("hang", 1, "wiql");
    }
    Service service(Service::InFolder{dir.path()}, env);
    if (round < 2) {
      ASSERT_TRUE(round == 0 ? in_flight("batch", 2) : in_flight("wiql", 1))
          << "nothing in flight to kill the service on";
      service.process().Signal(SIGKILL);
      ASSERT_EQ(service.process().WaitForExit(10s), std::optional<int>(128 + SIGKILL));
      continue;
    }
    const Json job = WaitForJob(service.port(), ada, job_id, 120s);
    ASSERT_EQ(job["state"], "completed") << job.dump().substr(0, 2000);
    const Json pushes = GetJson(service.port(), ada, "/api/projects/" + project_id + "/pushes");
    tag = pushes["pushes"][0]["tag"];
  }
  const Json log = ado.Log();
  EXPECT_GE(log["by_route"].value("wiql", 0), 2) << "the restart looked up what existed";
  ExpectOneWorkItemPerNode(ado, "AgileProject", tag, backlog);
}

// --- the command line ----------------------------------------------------------------------------

constexpr const char* kVision = R"(name: Clinic Scheduling
domains: [healthcare]
vision: |
  Patients book, move and cancel clinic appointments themselves and get reminders, while the
  front desk manages rooms, practitioners and a waiting list that fills cancelled slots.
target_users: Patients and front-desk staff
limits:
  max_epics: 1
  max_features_per_epic: 2
  max_stories_per_feature: 2
  max_tasks_per_story: 2
  max_test_cases_per_story: 1
)";

TEST(TrackerPushCommand, AnInterruptedPushResumesFromItsStateFileWithoutDuplicates) {
  TempDir dir;
  FakeLlm llm;
  FakeAdo ado;
  std::ofstream(dir.path() / "vision.yaml") << kVision;
  EnvVars env = DefaultServiceEnv(dir.path());
  env["LLM_PROVIDER"] = "openai";
  env["LLM_MODEL"] = "gpt-4o-mini";
  env["OPENAI_BASE_URL"] = llm.base_url();
  env["OPENAI_API_KEY"] = "sk-test-cli";
  env["AZURE_DEVOPS_TIMEOUT_SECONDS"] = "60";
  const CommandResult generated =
      RunBacklog({"generate", "vision.yaml", "--out", "backlog.json"}, env, dir.path(), 120s);
  ASSERT_TRUE(generated.exit_code == 0 || generated.exit_code == 3) << generated.output;
  std::ifstream in(dir.path() / "backlog.json");
  const Json backlog = Json::parse(in);
  const std::vector<std::string> push = {
      "push", "backlog.json", "--org", ado.organization_url(), "--project", "AgileProject"};

  // Without a token it says which variable to set, before any request.
  const CommandResult no_pat = RunBacklog(push, env, dir.path());
  EXPECT_EQ(no_pat.exit_code, 2) << no_pat.output;
  EXPECT_THAT(no_pat.output, HasSubstr("AZURE_DEVOPS_PAT"));
  EXPECT_EQ(ado.Log()["count"], 0);

  // The batch is carried out but its answer lost, and the command is killed while it looks up
  // what exists.
  env["AZURE_DEVOPS_PAT"] = FakeAdo::kPat;
  ado.Force("lost_response", 1, "batch");
  ado.Force("hang", 1, "wiql");
  {
    std::vector<std::string> args = push;
    ChildProcess run(BACKLOG_BINARY, args, env, dir.path());
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    bool looking = false;
    while (!looking && std::chrono::steady_clock::now() < deadline) {
      const Json log = ado.Log();
      for (const Json& request : log["requests"]) {
        looking = looking || (request["route"] == "wiql" && request["status"].is_null());
      }
      std::this_thread::sleep_for(20ms);
    }
    ASSERT_TRUE(looking) << run.Output();
    run.Signal(SIGKILL);
    ASSERT_EQ(run.WaitForExit(10s), std::optional<int>(128 + SIGKILL));
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "backlog.json.push-state"));

  const CommandResult resumed = RunBacklog(push, env, dir.path(), 120s);
  ASSERT_EQ(resumed.exit_code, 0) << resumed.output;
  EXPECT_THAT(resumed.output, HasSubstr("resuming the push"));
  EXPECT_THAT(resumed.output, HasSubstr("pushed to AgileProject"));
  const std::string output = resumed.output;
  const auto tag_at = output.find("with tag ");
  ASSERT_NE(tag_at, std::string::npos);
  const std::string tag = output.substr(tag_at + 9, output.find(':', tag_at) - tag_at - 9);
  ExpectOneWorkItemPerNode(ado, "AgileProject", tag, backlog);
  EXPECT_EQ(ado.Log()["by_route"].value("batch", 0), 1) << "the lost batch was adopted";

  // Once more: everything is there, nothing is sent again.
  const CommandResult again = RunBacklog(push, env, dir.path(), 120s);
  EXPECT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(ado.Log()["by_route"].value("batch", 0), 1);
  EXPECT_EQ(ado.Log()["by_route"].value("workitems.create", 0), 0);
}

}  // namespace
}  // namespace testing_support
