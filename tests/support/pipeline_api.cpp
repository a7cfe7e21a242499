#include "support/pipeline_api.hpp"

#include <gtest/gtest.h>

#include <set>

namespace testing_support {

using Json = nlohmann::json;

EnvVars PipelineEnv(const FakeLlm& llm, const EnvVars& extra) {
  EnvVars env = AuthTestEnv({{"LLM_PROVIDER", "openai"},
                             {"OPENAI_BASE_URL", llm.base_url()},
                             {"OPENAI_API_KEY", "sk-test-pipeline"},
                             {"LLM_MODEL", "gpt-4o-mini"},
                             {"LLM_TIMEOUT_SECONDS", "30"}});
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

Json LimitsJson(int epics, int features_per_epic, int stories_per_feature, int tasks_per_story,
                int test_cases_per_story) {
  return {{"max_epics", epics},
          {"max_features_per_epic", features_per_epic},
          {"max_stories_per_feature", stories_per_feature},
          {"max_tasks_per_story", tasks_per_story},
          {"max_test_cases_per_story", test_cases_per_story}};
}

HttpResponse Call(std::uint16_t port, const SignedInClient& client, std::string_view method,
                  std::string_view target, const Json& body) {
  HeaderList headers = client.Bearer();
  if (body.is_null()) return Send(port, method, target, headers);
  headers.push_back({"Content-Type", "application/json"});
  return Send(port, method, target, headers, body.dump());
}

Json GetJson(std::uint16_t port, const SignedInClient& client, std::string_view target) {
  const HttpResponse response = Call(port, client, "GET", target);
  if (response.status != 200) {
    ADD_FAILURE() << "GET " << target << ": " << response.status << " " << response.body;
    return nullptr;
  }
  return Json::parse(response.body);
}

Json CreateProject(std::uint16_t port, const SignedInClient& client, const Json& limits,
                   const std::string& name) {
  const HttpResponse response =
      Call(port, client, "POST", "/api/projects",
           {{"name", name},
            {"domains", {"healthcare"}},
            {"vision",
             "A mobile check-in app for Riverside Clinic patients: they book appointments, check "
             "in on arrival with a QR code and get reminders; the app integrates with the EHR."},
            {"target_users", "patients and front-desk staff"},
            {"limits", limits},
            {"include_test_artifacts", true}});
  if (response.status != 201) {
    ADD_FAILURE() << "create project: " << response.status << " " << response.body;
    return nullptr;
  }
  return Json::parse(response.body);
}

std::string StartGeneration(std::uint16_t port, const SignedInClient& client,
                            const std::string& project_id) {
  const HttpResponse response =
      Call(port, client, "POST", "/api/projects/" + project_id + "/jobs", Json::object());
  if (response.status != 202) {
    ADD_FAILURE() << "start generation: " << response.status << " " << response.body;
    return {};
  }
  return Json::parse(response.body)["id"].get<std::string>();
}

std::vector<ServerSentEvent> ParseEventStream(std::string_view body) {
  std::vector<ServerSentEvent> events;
  ServerSentEvent event;
  bool has_id = false;
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = body.substr(start, end - start);
    start = end + 1;
    if (line.empty()) {
      if (has_id || !event.type.empty()) {
        EXPECT_TRUE(has_id) << "an event without an id: " << event.type;
        events.push_back(std::move(event));
      }
      event = {};
      has_id = false;
      continue;
    }
    if (line.front() == ':') continue;  // a heartbeat comment
    const auto colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    if (field == "id") {
      event.id = std::stoll(std::string(value));
      has_id = true;
    } else if (field == "event") {
      event.type = value;
    } else if (field == "data") {
      event.data = Json::parse(value);
    }
  }
  return events;
}

std::optional<HttpResponse> ReadJobEvents(std::uint16_t port, const HeaderList& headers,
                                          const std::string& job_id,
                                          std::chrono::milliseconds timeout) {
  HttpConnection connection(port);
  std::string request = "GET /api/jobs/" + job_id + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  connection.Send(request + "\r\n");
  return connection.ReadResponse(timeout);
}

Json WaitForJob(std::uint16_t port, const SignedInClient& client, const std::string& job_id,
                std::chrono::milliseconds timeout) {
  const auto stream = ReadJobEvents(port, client.Bearer(), job_id, timeout);
  const Json job = GetJson(port, client, "/api/jobs/" + job_id);
  if (!stream) {
    ADD_FAILURE() << "job " << job_id << " did not end in time: " << job.dump();
    return nullptr;
  }
  if (stream->status != 200) {
    ADD_FAILURE() << "job events: " << stream->status << " " << stream->body;
    return nullptr;
  }
  return job;
}

bool IsSuccessfulJobState(const Json& state) {
  return state == "completed" || state == "completed_with_warnings";
}

Json GetBacklog(std::uint16_t port, const SignedInClient& client, const std::string& project_id) {
  return GetJson(port, client, "/api/projects/" + project_id + "/backlog");
}

namespace {

std::string Text(const Json& node, const char* field) {
  const auto it = node.find(field);
  return it != node.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void Add(std::vector<TreeNode>& nodes, const Json& node, const char* kind,
         const std::string& parent_id, const char* title_field = "title") {
  nodes.push_back({Text(node, "id"), kind, parent_id, Text(node, title_field), &node});
}

const Json& Items(const Json& node, const char* field) {
  static const Json kEmpty = Json::array();
  const auto it = node.find(field);
  return it != node.end() && it->is_array() ? *it : kEmpty;
}

}  // namespace

std::vector<TreeNode> Flatten(const Json& backlog) {
  std::vector<TreeNode> nodes;
  for (const Json& epic : Items(backlog, "epics")) {
    Add(nodes, epic, "epic", "");
    for (const Json& feature : Items(epic, "features")) {
      Add(nodes, feature, "feature", Text(epic, "id"));
      for (const Json& story : Items(feature, "stories")) {
        Add(nodes, story, "story", Text(feature, "id"));
        for (const Json& task : Items(story, "tasks")) Add(nodes, task, "task", Text(story, "id"));
        if (story.contains("test_suite") && story["test_suite"].is_object()) {
          Add(nodes, story["test_suite"], "test_suite", Text(story, "id"), "name");
        }
        for (const Json& test_case : Items(story, "test_cases")) {
          Add(nodes, test_case, "test_case", Text(story, "id"));
        }
      }
      if (feature.contains("test_plan") && feature["test_plan"].is_object()) {
        Add(nodes, feature["test_plan"], "test_plan", Text(feature, "id"), "name");
      }
    }
  }
  return nodes;
}

std::vector<TreeNode> OfKind(const std::vector<TreeNode>& nodes, std::string_view kind) {
  std::vector<TreeNode> selected;
  for (const TreeNode& node : nodes) {
    if (node.kind == kind) selected.push_back(node);
  }
  return selected;
}

void ExpectCompleteTree(const Json& backlog, const Json& limits) {
  ASSERT_TRUE(backlog.is_object()) << backlog.dump();
  const auto& epics = Items(backlog, "epics");
  EXPECT_EQ(epics.size(), limits["max_epics"].get<std::size_t>());
  for (const Json& epic : epics) {
    const auto& features = Items(epic, "features");
    EXPECT_EQ(features.size(), limits["max_features_per_epic"].get<std::size_t>())
        << "epic " << Text(epic, "title");
    for (const Json& feature : features) {
      const auto& stories = Items(feature, "stories");
      EXPECT_EQ(stories.size(), limits["max_stories_per_feature"].get<std::size_t>())
          << "feature " << Text(feature, "title");
      EXPECT_TRUE(feature.contains("test_plan") && !Text(feature["test_plan"], "name").empty())
          << "feature " << Text(feature, "title") << " has no test plan";
      for (const Json& story : stories) {
        const std::string where = "story " + Text(story, "title");
        const auto criteria = Items(story, "acceptance_criteria").size();
        EXPECT_GE(criteria, 3u) << where;
        EXPECT_LE(criteria, 7u) << where;
        EXPECT_TRUE(story.contains("test_suite") && !Text(story["test_suite"], "name").empty())
            << where << " has no test suite";
        const auto& tasks = Items(story, "tasks");
        EXPECT_EQ(tasks.size(), limits["max_tasks_per_story"].get<std::size_t>()) << where;
        for (const Json& task : tasks) {
          EXPECT_GT(task.value("estimate_hours", 0.0), 0.0) << "task " << Text(task, "title");
        }
        const auto& cases = Items(story, "test_cases");
        EXPECT_EQ(cases.size(), limits["max_test_cases_per_story"].get<std::size_t>()) << where;
        for (const Json& test_case : cases) {
          const auto& steps = Items(test_case, "steps");
          EXPECT_FALSE(steps.empty()) << "test case " << Text(test_case, "title");
          for (const Json& step : steps) {
            EXPECT_FALSE(Text(step, "action").empty()) << "test case " << Text(test_case, "title");
            EXPECT_FALSE(Text(step, "expected").empty())
                << "test case " << Text(test_case, "title");
          }
        }
      }
    }
  }

  std::set<std::string> ids;
  std::set<std::pair<std::string, std::string>> titles;  // (parent id + kind, title)
  for (const TreeNode& node : Flatten(backlog)) {
    EXPECT_FALSE(node.id.empty()) << node.kind << " " << node.title;
    EXPECT_FALSE(node.title.empty()) << node.kind << " " << node.id;
    EXPECT_TRUE(ids.insert(node.id).second) << "duplicate id " << node.id;
    EXPECT_TRUE(titles.insert({node.parent_id + "/" + node.kind, node.title}).second)
        << "two " << node.kind << " nodes titled \"" << node.title << "\" under the same parent";
  }
}

}  // namespace testing_support
