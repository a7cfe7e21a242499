// Pushing a generated backlog to Azure DevOps, against the tracker emulator: the connection
// test in words a person can act on, every field of every node in the tracker with its parent,
// links and steps, each process's mapping, exactly one work item per node after lost answers
// and a killed service, rate-limit storms, missing paths, and a failing item that blocks only
// its own subtree.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>
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
  const Json settings = GetJson(port(), ada_, "/api/settings/tracker");
  EXPECT_EQ(settings["settings"]["pat"], "set");
  EXPECT_EQ(settings.dump().find(FakeAdo::kPat), std::string::npos);
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
  const Json log = ado_->Log();
  EXPECT_EQ(log["by_route"].value("batch", 0), 1) << log["by_route"].dump();
  EXPECT_EQ(log["by_route"].value("workitems.create", 0), 0);
  EXPECT_EQ(log["by_route"].value("workitems.update", 0), 0);
}

}  // namespace
}  // namespace testing_support
