// The backlog pipeline through its HTTP API, against the LLM emulator: a generated backlog that
// keeps its limits and exports in every format, owner scoping, the job event stream, cancelling,
// provider faults, regenerating and editing nodes, and the vision review and rewrite.
#include "support/pipeline_api.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <tuple>

#include "support/auth_helpers.hpp"
#include "support/csv_reader.hpp"
#include "support/fake_llm.hpp"
#include "support/http_client.hpp"
#include "support/service_process.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using namespace std::chrono_literals;

const Json kLimits = LimitsJson(2, 2, 2, 2, 2);

class PipelineApi : public ::testing::Test {
 protected:
  void SetUp() override {
    llm_ = std::make_unique<FakeLlm>();
    service_ = std::make_unique<Service>(PipelineEnv(*llm_));
    ada_ = RegisterUser(port(), "ada");
  }

  std::uint16_t port() const { return service_->port(); }

  // A project with kLimits and its generated backlog; fails the test when the job does not
  // succeed.
  struct Generated {
    Json project;
    Json job;
    Json backlog;
    std::string id() const { return project["id"].get<std::string>(); }
  };
  Generated Generate(const Json& limits = kLimits) {
    Generated generated;
    generated.project = CreateProject(port(), ada_, limits);
    const std::string job_id = StartGeneration(port(), ada_, generated.id());
    generated.job = WaitForJob(port(), ada_, job_id);
    EXPECT_TRUE(IsSuccessfulJobState(generated.job["state"])) << generated.job.dump();
    generated.backlog = GetBacklog(port(), ada_, generated.id());
    return generated;
  }

  // Polls the job until `done` says it is far enough along.
  Json WaitForProgress(const std::string& job_id, const std::function<bool(const Json&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    Json job;
    while (std::chrono::steady_clock::now() < deadline) {
      job = GetJson(port(), ada_, "/api/jobs/" + job_id);
      if (done(job)) return job;
      std::this_thread::sleep_for(50ms);
    }
    ADD_FAILURE() << "the job never got there: " << job.dump();
    return job;
  }

  std::unique_ptr<FakeLlm> llm_;
  std::unique_ptr<Service> service_;
  SignedInClient ada_;
};

// --- exports -----------------------------------------------------------------------------------

std::size_t Column(const std::vector<std::string>& header, const std::string& name) {
  const auto it = std::find(header.begin(), header.end(), name);
  EXPECT_NE(it, header.end()) << "no column " << name;
  return static_cast<std::size_t>(it - header.begin());
}

// YAML scalars as strings, maps as objects, sequences as arrays: enough to compare the tree.
Json YamlToJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      Json object = Json::object();
      for (const auto& entry : node)
        object[entry.first.as<std::string>()] = YamlToJson(entry.second);
      return object;
    }
    case YAML::NodeType::Sequence: {
      Json array = Json::array();
      for (const auto& element : node) array.push_back(YamlToJson(element));
      return array;
    }
    case YAML::NodeType::Scalar:
      return node.as<std::string>();
    default:
      return nullptr;
  }
}

std::vector<std::tuple<std::string, std::string, std::string, std::string>> Identities(
    const std::vector<TreeNode>& nodes) {
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
  for (const auto& node : nodes) out.emplace_back(node.id, node.kind, node.parent_id, node.title);
  return out;
}

HttpResponse Export(std::uint16_t port, const SignedInClient& client, const std::string& project,
                    const std::string& format) {
  return Call(port, client, "GET", "/api/projects/" + project + "/export?format=" + format);
}

void ExpectJsonAndYamlExports(std::uint16_t port, const SignedInClient& client,
                              const std::string& project, const Json& backlog) {
  const HttpResponse json = Export(port, client, project, "json");
  ASSERT_EQ(json.status, 200) << json.body;
  EXPECT_THAT(json.Header("Content-Type"), HasSubstr("application/json"));
  EXPECT_THAT(json.Header("Content-Disposition"), HasSubstr(".json\""));
  const Json exported = Json::parse(json.body);
  EXPECT_EQ(exported["epics"], backlog["epics"]);
  EXPECT_EQ(exported["project"]["id"], project);

  const HttpResponse yaml = Export(port, client, project, "yaml");
  ASSERT_EQ(yaml.status, 200) << yaml.body;
  EXPECT_THAT(yaml.Header("Content-Disposition"), HasSubstr(".yaml\""));
  const Json from_yaml = YamlToJson(YAML::Load(yaml.body));
  EXPECT_EQ(Identities(Flatten(from_yaml)), Identities(Flatten(backlog)));
  EXPECT_EQ(from_yaml["project"]["name"], backlog["project"]["name"]);
}

void ExpectMarkdownExport(std::uint16_t port, const SignedInClient& client,
                          const std::string& project, const Json& backlog) {
  const HttpResponse markdown = Export(port, client, project, "markdown");
  ASSERT_EQ(markdown.status, 200) << markdown.body;
  EXPECT_THAT(markdown.Header("Content-Type"), HasSubstr("text/markdown"));
  EXPECT_THAT(markdown.Header("Content-Disposition"), HasSubstr(".md\""));
  for (const TreeNode& node : Flatten(backlog)) {
    EXPECT_THAT(markdown.body, HasSubstr(node.title)) << node.kind;
  }
}

// Azure DevOps: one row per epic, feature, story and task in tree order, the title in the
// column of its level; the importer makes each row a child of the nearest row one level up.
void ExpectAzureDevOpsCsvExport(std::uint16_t port, const SignedInClient& client,
                                const std::string& project, const Json& backlog) {
  const HttpResponse csv = Export(port, client, project, "ado-csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_THAT(csv.Header("Content-Type"), HasSubstr("text/csv"));
  EXPECT_THAT(csv.Header("Content-Disposition"), HasSubstr(".csv\""));
  const auto rows = ParseCsv(csv.body);
  ASSERT_FALSE(rows.empty());
  const auto& header = rows[0];
  const std::size_t type_column = Column(header, "Work Item Type");
  const std::size_t id_column = Column(header, "ID");
  std::vector<std::size_t> title_columns;
  for (const char* name : {"Title 1", "Title 2", "Title 3", "Title 4"}) {
    title_columns.push_back(Column(header, name));
  }

  // Expected: (type, title, index of the parent row) in tree order.
  std::vector<std::tuple<std::string, std::string, int>> expected;
  std::map<std::string, int> row_of;  // node id -> row index
  const std::map<std::string, std::string> types = {
      {"epic", "Epic"}, {"feature", "Feature"}, {"story", "User Story"}, {"task", "Task"}};
  for (const TreeNode& node : Flatten(backlog)) {
    if (!types.contains(node.kind)) continue;  // the importer takes no test artefacts
    const int parent = node.parent_id.empty() ? -1 : row_of.at(node.parent_id);
    row_of[node.id] = static_cast<int>(expected.size());
    expected.emplace_back(types.at(node.kind), node.title, parent);
  }
  ASSERT_EQ(rows.size(), expected.size() + 1) << "a row per node and the header";

  const std::map<std::string, std::size_t> levels = {
      {"Epic", 0}, {"Feature", 1}, {"User Story", 2}, {"Task", 3}};
  std::vector<std::tuple<std::string, std::string, int>> actual;
  std::vector<int> last_row_at_level(4, -1);
  for (std::size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    ASSERT_EQ(row.size(), header.size()) << "row " << r;
    EXPECT_EQ(row[id_column], "") << "new items have no ID";
    const auto level = levels.find(row[type_column]);
    ASSERT_NE(level, levels.end()) << row[type_column];
    for (std::size_t l = 0; l < 4; ++l) {
      if (l != level->second) {
        EXPECT_EQ(row[title_columns[l]], "") << "row " << r;
      }
    }
    const int index = static_cast<int>(r) - 1;
    const int parent = level->second == 0 ? -1 : last_row_at_level[level->second - 1];
    last_row_at_level[level->second] = index;
    actual.emplace_back(row[type_column], row[title_columns[level->second]], parent);
  }
  EXPECT_EQ(actual, expected);
}

// Jira: epics, then stories (Parent = their epic), then sub-tasks (Parent = their story), each
// numbered by Issue ID; features are not rows.
void ExpectJiraCsvExport(std::uint16_t port, const SignedInClient& client,
                         const std::string& project, const Json& backlog) {
  const HttpResponse csv = Export(port, client, project, "jira-csv");
  ASSERT_EQ(csv.status, 200) << csv.body;
  EXPECT_THAT(csv.Header("Content-Type"), HasSubstr("text/csv"));
  const auto rows = ParseCsv(csv.body);
  ASSERT_FALSE(rows.empty());
  const auto& header = rows[0];
  const std::size_t id_column = Column(header, "Issue ID");
  const std::size_t type_column = Column(header, "Issue Type");
  const std::size_t summary_column = Column(header, "Summary");
  const std::size_t parent_column = Column(header, "Parent");

  const auto nodes = Flatten(backlog);
  std::map<std::string, std::string> epic_of;  // feature id -> epic id
  for (const TreeNode& feature : OfKind(nodes, "feature")) epic_of[feature.id] = feature.parent_id;
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> expected;
  std::map<std::string, int> issue_of;  // node id -> Issue ID
  for (const TreeNode& epic : OfKind(nodes, "epic")) {
    issue_of[epic.id] = static_cast<int>(expected.size()) + 1;
    expected.emplace_back(std::to_string(issue_of[epic.id]), "Epic", epic.title, "");
  }
  for (const TreeNode& story : OfKind(nodes, "story")) {
    issue_of[story.id] = static_cast<int>(expected.size()) + 1;
    expected.emplace_back(std::to_string(issue_of[story.id]), "Story", story.title,
                          std::to_string(issue_of.at(epic_of.at(story.parent_id))));
  }
  for (const TreeNode& task : OfKind(nodes, "task")) {
    expected.emplace_back(std::to_string(expected.size() + 1), "Sub-task", task.title,
                          std::to_string(issue_of.at(task.parent_id)));
  }
  ASSERT_EQ(rows.size(), expected.size() + 1) << "a row per epic, story and task, and the header";
  std::vector<std::tuple<std::string, std::string, std::string, std::string>> actual;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), header.size()) << "row " << r;
    actual.emplace_back(rows[r][id_column], rows[r][type_column], rows[r][summary_column],
                        rows[r][parent_column]);
  }
  EXPECT_EQ(actual, expected);
}

TEST_F(PipelineApi, GeneratesACompleteBacklogWithinTheLimitsAndExportsItInEveryFormat) {
  const Json project = CreateProject(port(), ada_, kLimits);
  ASSERT_TRUE(project.is_object());
  EXPECT_EQ(project["limits"], kLimits);
  EXPECT_EQ(project["domains"], Json::array({"healthcare"}));
  const std::string id = project["id"];

  const HttpResponse queued =
      Call(port(), ada_, "POST", "/api/projects/" + id + "/jobs", Json::object());
  ASSERT_EQ(queued.status, 202) << queued.body;
  const Json queued_job = Json::parse(queued.body);
  EXPECT_EQ(queued.Header("Location"), "/api/jobs/" + queued_job["id"].get<std::string>());
  EXPECT_EQ(queued_job["kind"], "generate");
  EXPECT_EQ(queued_job["project_id"], id);

  const Json job = WaitForJob(port(), ada_, queued_job["id"]);
  ASSERT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
  EXPECT_EQ(job["result"]["failed_steps"], 0) << job.dump();
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]) << job["progress"].dump();
  EXPECT_EQ(GetJson(port(), ada_, "/api/projects/" + id)["active_job_id"], nullptr);

  const Json backlog = GetBacklog(port(), ada_, id);
  ExpectCompleteTree(backlog, kLimits);
  const Json counts = {{"epics", 2},      {"features", 4},    {"stories", 8},    {"tasks", 16},
                       {"test_plans", 4}, {"test_suites", 8}, {"test_cases", 16}};
  EXPECT_EQ(backlog["counts"], counts);
  EXPECT_EQ(job["result"]["nodes"], Json({{"epic", 2},
                                          {"feature", 4},
                                          {"story", 8},
                                          {"task", 16},
                                          {"test_plan", 4},
                                          {"test_suite", 8},
                                          {"test_case", 16}}));
  // The content is about the product it was asked about.
  EXPECT_THAT(backlog["epics"].dump(), HasSubstr("Riverside"));

  ExpectJsonAndYamlExports(port(), ada_, id, backlog);
  ExpectMarkdownExport(port(), ada_, id, backlog);
  ExpectAzureDevOpsCsvExport(port(), ada_, id, backlog);
  ExpectJiraCsvExport(port(), ada_, id, backlog);
  EXPECT_EQ(Export(port(), ada_, id, "docx").status, 400);
}

// What an operator sees in /metrics after a generation: the LLM calls it made by provider, model
// and outcome, their tokens and duration, the job by kind and state, its steps, and the size of
// the database.
TEST_F(PipelineApi, MetricsShowTheLlmCallsTheJobAndTheDatabase) {
  const std::string id = CreateProject(port(), ada_, kLimits)["id"];
  const Json queued =
      Json::parse(Call(port(), ada_, "POST", "/api/projects/" + id + "/jobs", Json::object()).body);
  const Json job = WaitForJob(port(), ada_, queued["id"]);
  ASSERT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
  const std::string text = HttpGet(port(), "/metrics").body;
  const auto value = [&](const std::string& series) -> double {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) return -1;
    return std::stod(text.substr(at + series.size() + 2));
  };
  const std::string model = "provider=\"openai\",model=\"gpt-4o-mini\"";
  const double calls = value("backlog_llm_calls_total{" + model + ",outcome=\"ok\"}");
  EXPECT_GE(calls, 1) << text;
  EXPECT_GT(value("backlog_llm_tokens_total{" + model + ",kind=\"prompt\"}"), 0) << text;
  EXPECT_GT(value("backlog_llm_tokens_total{" + model + ",kind=\"completion\"}"), 0) << text;
  EXPECT_EQ(value("backlog_llm_call_duration_seconds_count{" + model + "}"),
            value("backlog_llm_call_duration_seconds_bucket{" + model + ",le=\"+Inf\"}"));
  EXPECT_GE(value("backlog_llm_call_duration_seconds_count{" + model + "}"), calls);
  const std::string state = job["state"];
  EXPECT_EQ(value("backlog_jobs{kind=\"generate\",state=\"" + state + "\"}"), 1) << text;
  EXPECT_EQ(value("backlog_job_steps_done"), job["progress"]["done"].get<double>()) << text;
  const std::string backend = UsesPostgres() ? "postgresql" : "sqlite";
  EXPECT_GT(value("backlog_db_size_bytes{backend=\"" + backend + "\"}"), 0) << text;
  EXPECT_EQ(value("backlog_backup_last_success_timestamp_seconds"), 0) << "no BACKUP_DIR here";
}

TEST_F(PipelineApi, AnotherUserFindsNothingOfTheProject) {
  const Generated generated = Generate();
  const std::string project = generated.id();
  const std::string job = generated.job["id"];
  const auto nodes = Flatten(generated.backlog);
  ASSERT_FALSE(nodes.empty());
  const std::string story = OfKind(nodes, "story").front().id;
  const SignedInClient ben = RegisterUser(port(), "ben");

  const HttpResponse missing = Call(port(), ben, "GET", "/api/projects/proj_0000000000000000");
  ASSERT_EQ(missing.status, 404);
  const std::vector<std::tuple<std::string, std::string, Json>> requests = {
      {"GET", "/api/projects/" + project, nullptr},
      {"PATCH", "/api/projects/" + project, {{"name", "Taken over"}}},
      {"DELETE", "/api/projects/" + project, nullptr},
      {"GET", "/api/projects/" + project + "/backlog", nullptr},
      {"GET", "/api/projects/" + project + "/export?format=json", nullptr},
      {"GET", "/api/projects/" + project + "/export?format=ado-csv", nullptr},
      {"GET", "/api/projects/" + project + "/jobs", nullptr},
      {"POST", "/api/projects/" + project + "/jobs", {{"replace", true}}},
      {"GET", "/api/jobs/" + job, nullptr},
      {"GET", "/api/jobs/" + job + "/events", nullptr},
      {"POST", "/api/jobs/" + job + "/cancel", Json::object()},
      {"PATCH", "/api/nodes/" + story, {{"title", "Taken over"}}},
      {"DELETE", "/api/nodes/" + story, nullptr},
      {"POST", "/api/nodes/" + story + "/regenerate", {{"with_children", true}}},
  };
  for (const auto& [method, target, body] : requests) {
    const HttpResponse response = Call(port(), ben, method, target, body);
    EXPECT_EQ(response.status, 404) << method << " " << target << ": " << response.body;
    // Exactly what a missing one answers: nothing tells that it exists.
    EXPECT_EQ(Json::parse(response.body).value("code", ""),
              Json::parse(missing.body).value("code", ""))
        << method << " " << target;
  }
  EXPECT_EQ(GetJson(port(), ben, "/api/projects")["total"], 0);

  // Nothing changed for the owner, and no job was started.
  EXPECT_EQ(GetBacklog(port(), ada_, project), generated.backlog);
  EXPECT_EQ(GetJson(port(), ada_, "/api/projects/" + project + "/jobs")["jobs"].size(), 1u);
  EXPECT_EQ(GetJson(port(), ada_, "/api/projects/" + project)["name"], generated.project["name"]);
}

TEST_F(PipelineApi, TheEventStreamReplaysResumesAfterLastEventIdAndAcceptsTheSessionCookie) {
  const Generated generated = Generate();
  const std::string job_id = generated.job["id"];

  const auto full = ReadJobEvents(port(), ada_.Bearer(), job_id, 20s);
  ASSERT_TRUE(full.has_value());
  ASSERT_EQ(full->status, 200) << full->body;
  EXPECT_THAT(full->Header("Content-Type"), HasSubstr("text/event-stream"));
  const auto events = ParseEventStream(full->body);
  ASSERT_GE(events.size(), 3u);
  EXPECT_EQ(events.front().id, 1);
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].id, events[i - 1].id + 1) << "ids are consecutive";
  }
  EXPECT_EQ(events.back().type, "final");
  EXPECT_EQ(events.back().data["state"], generated.job["state"]);
  EXPECT_EQ(events.back().id, generated.job["last_event_id"]);
  // Every node of the tree was announced as it was created.
  std::set<std::string> announced;
  for (const auto& event : events) {
    if (event.type == "node") announced.insert(event.data["id"].get<std::string>());
  }
  std::set<std::string> ids;
  for (const TreeNode& node : Flatten(generated.backlog)) ids.insert(node.id);
  EXPECT_EQ(announced, ids);

  // Reconnecting with Last-Event-ID gives exactly the events after it.
  const std::int64_t last_seen = events[events.size() / 2].id;
  HeaderList resume = ada_.Bearer();
  resume.push_back({"Last-Event-ID", std::to_string(last_seen)});
  const auto rest = ReadJobEvents(port(), resume, job_id, 20s);
  ASSERT_TRUE(rest.has_value());
  ASSERT_EQ(rest->status, 200);
  const auto resumed = ParseEventStream(rest->body);
  const std::vector<ServerSentEvent> expected(events.begin() + events.size() / 2 + 1, events.end());
  ASSERT_EQ(resumed.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(resumed[i].id, expected[i].id);
    EXPECT_EQ(resumed[i].type, expected[i].type);
    EXPECT_EQ(resumed[i].data, expected[i].data);
  }

  // A browser's EventSource sends the session cookie (and cannot set headers).
  const auto by_cookie = ReadJobEvents(port(), ada_.CookieJar(), job_id, 20s);
  ASSERT_TRUE(by_cookie.has_value());
  EXPECT_EQ(by_cookie->status, 200) << by_cookie->body;
  EXPECT_EQ(ParseEventStream(by_cookie->body).size(), events.size());
  const auto anonymous = ReadJobEvents(port(), {}, job_id, 20s);
  ASSERT_TRUE(anonymous.has_value());
  EXPECT_EQ(anonymous->status, 401);
}

TEST_F(PipelineApi, TwoClientsFollowingARunningJobBothGetEveryEventAndTheFinalOne) {
  llm_->Configure({{"latency_ms", 150}});
  const Json project = CreateProject(port(), ada_, kLimits);
  const std::string job_id = StartGeneration(port(), ada_, project["id"]);
  ASSERT_FALSE(job_id.empty());
  const auto follow = [&] { return ReadJobEvents(port(), ada_.Bearer(), job_id, 60s); };
  auto first = std::async(std::launch::async, follow);
  auto second = std::async(std::launch::async, follow);
  const auto a = first.get();
  const auto b = second.get();
  ASSERT_TRUE(a.has_value() && b.has_value()) << "a stream did not end";
  const auto events_a = ParseEventStream(a->body);
  const auto events_b = ParseEventStream(b->body);
  ASSERT_FALSE(events_a.empty());
  ASSERT_FALSE(events_b.empty());
  EXPECT_EQ(events_a.back().type, "final");
  EXPECT_EQ(events_b.back().type, "final");
  EXPECT_TRUE(IsSuccessfulJobState(events_a.back().data["state"])) << a->body;

  // Live or replayed, each client saw the same events as a late reader does.
  const auto replay = ParseEventStream(ReadJobEvents(port(), ada_.Bearer(), job_id, 20s)->body);
  ASSERT_EQ(events_a.size(), replay.size());
  ASSERT_EQ(events_b.size(), replay.size());
  for (std::size_t i = 0; i < replay.size(); ++i) {
    EXPECT_EQ(events_a[i].id, replay[i].id);
    EXPECT_EQ(events_b[i].id, replay[i].id);
    EXPECT_EQ(events_a[i].data, replay[i].data);
    EXPECT_EQ(events_b[i].data, replay[i].data);
  }
}

TEST_F(PipelineApi, CancellingStopsTheJobAndItsCallsWithinSeconds) {
  llm_->Configure({{"latency_ms", 500}});
  const Json limits = LimitsJson(3, 4, 4, 3, 3);
  const Json project = CreateProject(port(), ada_, limits);
  const std::string project_id = project["id"];
  const std::string job_id = StartGeneration(port(), ada_, project_id);
  ASSERT_FALSE(job_id.empty());
  WaitForProgress(job_id, [](const Json& job) {
    return job["progress"].is_object() && job["progress"]["steps"]["features"]["done"] >= 1;
  });

  // One generation at a time per project.
  const HttpResponse second =
      Call(port(), ada_, "POST", "/api/projects/" + project_id + "/jobs", {{"replace", true}});
  EXPECT_EQ(second.status, 409) << second.body;
  EXPECT_EQ(Json::parse(second.body)["code"], "job_running");
  EXPECT_EQ(GetJson(port(), ada_, "/api/projects/" + project_id)["active_job_id"], job_id);

  const auto cancelled_at = std::chrono::steady_clock::now();
  const HttpResponse cancel =
      Call(port(), ada_, "POST", "/api/jobs/" + job_id + "/cancel", Json::object());
  ASSERT_EQ(cancel.status, 202) << cancel.body;
  EXPECT_EQ(Json::parse(cancel.body)["cancel_requested"], true);
  const Json job = WaitForJob(port(), ada_, job_id, 20s);
  EXPECT_EQ(job["state"], "cancelled") << job.dump();
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 5s);

  // The calls stopped with the job: no new ones shortly after, and none left in flight.
  const int calls = llm_->ChatRequests();
  std::this_thread::sleep_for(1500ms);  // proving an absence: nothing to wait for
  const Json log = llm_->Log();
  EXPECT_EQ(log["count"], calls);
  EXPECT_EQ(log["in_flight"], 0);
  // The job is far from the whole tree (3 + 12 + 48 + ... steps).
  EXPECT_LT(job["progress"]["done"].get<int>(), job["progress"]["total"].get<int>());

  EXPECT_EQ(Call(port(), ada_, "POST", "/api/jobs/" + job_id + "/cancel", Json::object()).status,
            409);
  EXPECT_EQ(GetJson(port(), ada_, "/api/projects/" + project_id)["active_job_id"], nullptr);
}

TEST_F(PipelineApi, ACompleteBacklogDespiteProviderFaults) {
  // 15% of the calls fail: rate limits and overloads (with a short retry-after), server errors
  // and broken JSON. Two are forced so the faults surely happen.
  llm_->Configure(
      {{"faults",
        {{"rate_limit", 0.04}, {"unavailable", 0.04}, {"server_error", 0.04}, {"malformed", 0.03}}},
       {"force", {{"rate_limit", 1}, {"server_error", 1}}}});
  const Generated generated = Generate();
  EXPECT_EQ(generated.job["result"]["failed_steps"], 0) << generated.job.dump();
  ExpectCompleteTree(generated.backlog, kLimits);

  int faults = 0;
  const Json log = llm_->Log();
  for (const Json& request : log["requests"]) faults += request["fault"].is_null() ? 0 : 1;
  EXPECT_GE(faults, 2);
  // The limiter's and breaker's series are there by provider, never by URL.
  const std::string metrics = HttpGet(port(), "/metrics").body;
  EXPECT_THAT(metrics, HasSubstr("backlog_llm_breaker_open{provider=\"OpenAI\"} 0"));
  EXPECT_THAT(metrics, HasSubstr("backlog_llm_limiter_waits_total{provider=\"OpenAI\"} "));
  EXPECT_THAT(metrics, ::testing::Not(HasSubstr("127.0.0.1:" + std::to_string(llm_->port()))));
}

TEST_F(PipelineApi, RegeneratingANodeReplacesItAloneOrWithItsChildren) {
  const Generated generated = Generate();
  const auto before = Flatten(generated.backlog);
  std::set<std::string> ids_before;
  for (const TreeNode& node : before) ids_before.insert(node.id);
  const auto own_fields = [](const Json& node) {
    Json fields = node;
    for (const char* child :
         {"features", "stories", "tasks", "test_cases", "test_suite", "test_plan", "quality"}) {
      fields.erase(child);
    }
    return fields;
  };
  const auto find = [](const std::vector<TreeNode>& nodes, const std::string& id) {
    for (const TreeNode& node : nodes) {
      if (node.id == id) return node;
    }
    ADD_FAILURE() << "no node " << id;
    return TreeNode{};
  };
  const auto regenerate = [&](const std::string& id, const Json& body) {
    const HttpResponse queued =
        Call(port(), ada_, "POST", "/api/nodes/" + id + "/regenerate", body);
    EXPECT_EQ(queued.status, 202) << queued.body;
    const Json job = WaitForJob(port(), ada_, Json::parse(queued.body)["id"]);
    EXPECT_EQ(job["kind"], "regenerate");
    EXPECT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
    return GetBacklog(port(), ada_, generated.id());
  };

  // A feature alone: new content, same id, every other node (its stories too) untouched.
  const TreeNode feature = OfKind(before, "feature").front();
  const Json after_feature =
      regenerate(feature.id, {{"instructions", "Focus on walk-in patients."}});
  const auto nodes_after_feature = Flatten(after_feature);
  const TreeNode rewritten = find(nodes_after_feature, feature.id);
  ASSERT_NE(rewritten.json, nullptr);
  EXPECT_NE(own_fields(*rewritten.json), own_fields(*feature.json));
  ASSERT_EQ(nodes_after_feature.size(), before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    EXPECT_EQ(nodes_after_feature[i].id, before[i].id);
    if (before[i].id != feature.id) {
      EXPECT_EQ(own_fields(*nodes_after_feature[i].json), own_fields(*before[i].json))
          << before[i].kind << " " << before[i].id;
    }
  }

  // A story with its children: same id, new tasks, suite and cases, siblings untouched.
  const TreeNode story = OfKind(nodes_after_feature, "story").back();
  std::set<std::string> old_children;
  for (const TreeNode& node : nodes_after_feature) {
    if (node.parent_id == story.id) old_children.insert(node.id);
  }
  ASSERT_EQ(old_children.size(), 2u + 1u + 2u);  // tasks, suite, cases
  const Json after_story = regenerate(story.id, {{"with_children", true}});
  const auto nodes_after_story = Flatten(after_story);
  ExpectCompleteTree(after_story, kLimits);
  EXPECT_NE(own_fields(*find(nodes_after_story, story.id).json), own_fields(*story.json));
  std::set<std::string> new_children;
  for (const TreeNode& node : nodes_after_story) {
    if (node.parent_id == story.id) {
      new_children.insert(node.id);
      EXPECT_FALSE(old_children.contains(node.id)) << "kept child " << node.kind;
    } else {
      EXPECT_TRUE(ids_before.contains(node.id)) << "new " << node.kind << " outside the story";
    }
  }
  EXPECT_EQ(new_children.size(), old_children.size());

  // PATCH changes a title and keeps the rest.
  const TreeNode task = OfKind(nodes_after_story, "task").front();
  const HttpResponse patched = Call(port(), ada_, "PATCH", "/api/nodes/" + task.id,
                                    {{"title", "Add a QR code scanner to the check-in screen"}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Json::parse(patched.body)["title"], "Add a QR code scanner to the check-in screen");
  const Json patched_backlog = GetBacklog(port(), ada_, generated.id());
  const auto after_patch = Flatten(patched_backlog);
  const TreeNode edited = find(after_patch, task.id);
  EXPECT_EQ(edited.title, "Add a QR code scanner to the check-in screen");
  EXPECT_EQ((*edited.json)["estimate_hours"], (*task.json)["estimate_hours"]);

  // DELETE removes a feature and everything under it.
  const TreeNode doomed = OfKind(after_patch, "feature").back();
  std::set<std::string> gone = {doomed.id};
  for (const TreeNode& node : after_patch) {
    if (gone.contains(node.parent_id)) gone.insert(node.id);  // depth-first: parents come first
  }
  ASSERT_EQ(gone.size(), 1u + 2u + 1u + 2u * (2u + 1u + 2u));
  ASSERT_EQ(Call(port(), ada_, "DELETE", "/api/nodes/" + doomed.id).status, 204);
  const Json after_delete = GetBacklog(port(), ada_, generated.id());
  const auto remaining = Flatten(after_delete);
  EXPECT_EQ(remaining.size(), after_patch.size() - gone.size());
  for (const TreeNode& node : remaining) EXPECT_FALSE(gone.contains(node.id)) << node.kind;
  EXPECT_EQ(after_delete["counts"]["features"], 3);
  EXPECT_EQ(after_delete["counts"]["test_cases"], 12);
  EXPECT_EQ(Call(port(), ada_, "DELETE", "/api/nodes/" + doomed.id).status, 404);
  EXPECT_EQ(Call(port(), ada_, "PATCH", "/api/nodes/" + doomed.id, {{"title", "x"}}).status, 404);
}

TEST_F(PipelineApi, AVisionIsReviewedAndRewrittenByAJob) {
  const std::string vision =
      "An app for Harbour Gym members to book classes and track their visits.";
  const HttpResponse review = Call(port(), ada_, "POST", "/api/vision/quality-check",
                                   {{"vision", vision}, {"domains", {"retail"}}});
  ASSERT_EQ(review.status, 200) << review.body;
  const Json assessment = Json::parse(review.body);
  ASSERT_TRUE(assessment["score"].is_number_integer()) << review.body;
  EXPECT_GE(assessment["score"].get<int>(), 0);
  EXPECT_LE(assessment["score"].get<int>(), 100);
  for (const char* list : {"strengths", "gaps", "suggestions"}) {
    ASSERT_TRUE(assessment[list].is_array()) << list;
    EXPECT_FALSE(assessment[list].empty()) << list;
  }
  EXPECT_TRUE(assessment["ready"].is_boolean());
  EXPECT_EQ(Call(port(), ada_, "POST", "/api/vision/quality-check",
                 {{"vision", "Too short"}, {"domains", {"retail"}}})
                .status,
            422);

  const HttpResponse queued = Call(port(), ada_, "POST", "/api/vision/optimize",
                                   {{"vision", vision}, {"domains", {"retail"}}});
  ASSERT_EQ(queued.status, 202) << queued.body;
  const Json job = WaitForJob(port(), ada_, Json::parse(queued.body)["id"]);
  EXPECT_EQ(job["kind"], "optimize_vision");
  ASSERT_EQ(job["state"], "completed") << job.dump();
  const Json& result = job["result"];
  ASSERT_TRUE(result["optimized_vision"].is_string()) << job.dump();
  EXPECT_FALSE(result["optimized_vision"].get<std::string>().empty());
  EXPECT_NE(result["optimized_vision"], vision);
  EXPECT_TRUE(result["before"]["score"].is_number_integer());
  EXPECT_TRUE(result["after"]["score"].is_number_integer());

  std::vector<std::string> schemas;
  const Json log = llm_->Log();
  for (const Json& request : log["requests"]) schemas.push_back(request["schema_name"]);
  EXPECT_EQ(schemas, (std::vector<std::string>{"vision_assessment", "vision_assessment",
                                               "optimized_vision", "vision_assessment"}));
}

// --- hostile input -------------------------------------------------------------------------------

// A body nested this deep used to overflow the service's stack in the code that walks it
// (dump, merge_patch): any signed-in user could stop the service with one request.
TEST_F(PipelineApi, DeeplyNestedBodiesAreRefusedWhileParsingAndTheServiceStaysUp) {
  const Generated generated = Generate(LimitsJson(1, 1, 1, 1, 1));
  const std::string story_id = OfKind(Flatten(generated.backlog), "story").at(0).id;
  HeaderList headers = ada_.Bearer();
  headers.emplace_back("Content-Type", "application/json");
  const auto expect_refused = [&](std::string_view method, const std::string& target,
                                  const std::string& body) {
    const HttpResponse response = Send(port(), method, target, headers, body);
    EXPECT_EQ(response.status, 400) << target;
    const Json problem = Json::parse(response.body, nullptr, false);
    EXPECT_EQ(problem.value("code", ""), "malformed_request") << response.body;
    EXPECT_THAT(problem.value("detail", ""), HasSubstr("64 levels")) << response.body;
  };
  const std::string deep_domains =
      std::string(100'000, '[') + "\"retail\"" + std::string(100'000, ']');
  expect_refused("POST", "/api/projects",
                 R"({"name": "Deep", "vision": "x", "domains": )" + deep_domains + "}");
  expect_refused("POST", "/api/vision/quality-check",
                 R"({"vision": "x", "domains": )" + deep_domains + "}");
  std::string deep_object;
  for (int i = 0; i < 150'000; ++i) deep_object += R"({"a":)";
  deep_object += "1" + std::string(150'000, '}');
  expect_refused("PATCH", "/api/nodes/" + story_id,
                 R"({"title": "t", "extra": )" + deep_object + "}");
  EXPECT_EQ(Send(port(), "GET", "/api/health").status, 200);
  EXPECT_TRUE(service_->process().running());

  // 64 levels are still JSON the service reads: the domain is then refused as a field.
  const std::string nested_64 = std::string(63, '[') + "\"retail\"" + std::string(63, ']');
  const HttpResponse within =
      Send(port(), "POST", "/api/projects", headers,
           R"({"name": "Deep", "vision": "x", "domains": )" + nested_64 + "}");
  EXPECT_EQ(within.status, 422) << within.body;
}

}  // namespace
}  // namespace testing_support
