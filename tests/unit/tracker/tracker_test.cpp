// The tracker module's pure parts and its client's reactions to what Azure DevOps answers: work
// item patches and steps XML, tags and titles, the push plan's order, node links, organization
// URLs users may choose, and Retry-After, 429, 5xx and bad-token handling over a fake transport
// and a manual clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <deque>
#include <future>
#include <nlohmann/json.hpp>
#include <string>

#include "backlog/model.hpp"
#include "services/tracker_service.hpp"
#include "support/manual_clock.hpp"
#include "tracker/ado_client.hpp"
#include "tracker/push_plan.hpp"
#include "tracker/uploader.hpp"
#include "tracker/work_item.hpp"

namespace tracker {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;
using namespace std::chrono_literals;

const Json* FindOp(const Json& patch, const std::string& path) {
  for (const Json& op : patch) {
    if (op["path"] == path) return &op;
  }
  return nullptr;
}

TEST(WorkItem, StepsAreHtmlEscapedThenWrappedThenXmlEscaped) {
  const std::string xml = StepsXml({{"Type <b>5 & 6</b>", "Sum is \"11\""}, {"Close it", ""}});
  EXPECT_THAT(xml, HasSubstr("<steps id=\"0\" last=\"2\">"));
  EXPECT_THAT(xml, HasSubstr("<step id=\"1\" type=\"ValidateStep\">"));
  EXPECT_THAT(xml, HasSubstr("<step id=\"2\" type=\"ActionStep\">"));
  // &lt;b&gt; is the HTML escape of <b>; XML-escaping it again gives &amp;lt;b&amp;gt;.
  EXPECT_THAT(xml, HasSubstr("&lt;DIV&gt;&lt;P&gt;Type &amp;lt;b&amp;gt;5 &amp;amp; "
                             "6&amp;lt;/b&amp;gt;&lt;/P&gt;&lt;/DIV&gt;"));
  EXPECT_THAT(xml, HasSubstr("Sum is &amp;quot;11&amp;quot;"));
  EXPECT_THAT(xml, Not(HasSubstr("<b>")));
  EXPECT_EQ(StepsXml({}), "");
}

TEST(WorkItem, APatchSetsOnlyTheFieldsTheTypeHas) {
  backlog::Task task;
  task.title = "Store the card token";
  task.description = "Keep <only> the token";
  task.estimate_hours = 6;
  task.category = "backend";
  const ItemText text = TextOf(task);
  WorkItemType scrum_task{"Task",
                          {"System.Title", "System.Description", "System.Tags",
                           "Microsoft.VSTS.Scheduling.RemainingWork"}};
  const ItemMarks marks{"abl-1234", "https://backlog.example/projects/p/backlog?node=task_1", "",
                        ""};
  const Json patch = CreatePatch(text, scrum_task, "", marks, -3,
                                 {{std::string(kParentLink), "https://x/_apis/wit/workItems/-1"}});
  ASSERT_NE(FindOp(patch, "/id"), nullptr);
  EXPECT_EQ((*FindOp(patch, "/id"))["value"], "-3");
  EXPECT_EQ((*FindOp(patch, "/fields/Microsoft.VSTS.Scheduling.RemainingWork"))["value"], 6.0);
  EXPECT_EQ(FindOp(patch, "/fields/Microsoft.VSTS.Scheduling.OriginalEstimate"), nullptr);
  EXPECT_EQ((*FindOp(patch, "/fields/System.Tags"))["value"], "abl-1234; backend");
  EXPECT_THAT((*FindOp(patch, "/fields/System.Description"))["value"].get<std::string>(),
              HasSubstr("Keep &lt;only&gt; the token"));
  EXPECT_EQ(FindOp(patch, "/fields/System.AreaPath"), nullptr) << "the project's default";
  int parents = 0;
  int hyperlinks = 0;
  for (const Json& op : patch) {
    if (op["path"] != "/relations/-") continue;
    if (op["value"]["rel"] == kParentLink) ++parents;
    if (op["value"]["rel"] == kHyperlink) {
      ++hyperlinks;
      EXPECT_EQ(op["value"]["url"], marks.node_url);
    }
  }
  EXPECT_EQ(parents, 1);
  EXPECT_EQ(hyperlinks, 1);
}

TEST(WorkItem, TagsAndTitlesFitTheTracker) {
  EXPECT_EQ(CleanTag("@ops, infra; db"), "ops  infra  db");
  EXPECT_EQ(CleanTag(std::string(500, 'a')).size(), 400u);
  backlog::Epic epic;
  epic.title = std::string(254, 'x') + "\xC3\xA9" + "tail";  // é across the 255th byte
  const std::string title = TextOf(epic).title;
  EXPECT_LE(title.size(), 255u);
  EXPECT_EQ(title, std::string(254, 'x'));
}

backlog::Backlog SmallBacklog() {
  backlog::Backlog backlog;
  backlog::Epic epic;
  epic.id = "e1";
  backlog::Feature feature;
  feature.id = "f1";
  feature.test_plan = backlog::TestPlan();
  feature.test_plan->id = "p1";
  backlog::Story story;
  story.id = "s1";
  story.tasks.emplace_back().id = "t1";
  story.test_cases.emplace_back().id = "c1";
  story.test_suite = backlog::TestSuite();
  story.test_suite->id = "u1";
  feature.stories.push_back(story);
  epic.features.push_back(feature);
  backlog.epics.push_back(epic);
  return backlog;
}

TEST(PushPlan, ParentsComeFirstAndEachRowNamesWhatMustExistBeforeIt) {
  const auto rows = PlanPush(SmallBacklog());
  std::map<std::string, store::PushItemRow> by_node;
  for (const auto& row : rows) by_node[row.node_id] = row;
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(by_node["f1"].parent_node_id, "e1");
  EXPECT_EQ(by_node["t1"].parent_node_id, "s1");
  EXPECT_EQ(by_node["c1"].parent_node_id, "s1");
  EXPECT_EQ(by_node["u1"].parent_node_id, "p1") << "a suite goes into its feature's plan";
  for (const auto& row : rows) {
    if (row.parent_node_id.empty()) continue;
    EXPECT_LT(by_node[row.parent_node_id].position, row.position) << row.node_id;
  }
  const auto nodes = PushNodes(SmallBacklog());
  EXPECT_EQ(nodes.at("u1").test_case_ids, std::vector<std::string>{"c1"});
}

TEST(PushPlan, NodeLinksAreReadBackOnlyFromThisProjectsPrefix) {
  const std::string prefix = NodeUrlPrefix("https://backlog.example/", "project_1");
  EXPECT_EQ(prefix, "https://backlog.example/projects/project_1/backlog?node=");
  EXPECT_EQ(NodeOfLink(prefix + "story_9", prefix), "story_9");
  EXPECT_EQ(NodeOfLink("https://backlog.example/projects/other/backlog?node=story_9", prefix),
            std::nullopt);
  EXPECT_EQ(NodeOfLink(prefix, prefix), std::nullopt);
}

TEST(OrganizationUrl, OnlyPlainUrlsOnAllowedHosts) {
  const std::vector<std::string> allowed = {"dev.azure.com", "*.visualstudio.com"};
  EXPECT_EQ(services::OrganizationUrlProblem("https://dev.azure.com/contoso", allowed),
            std::nullopt);
  EXPECT_EQ(services::OrganizationUrlProblem("https://contoso.visualstudio.com", allowed),
            std::nullopt);
  EXPECT_NE(services::OrganizationUrlProblem("https://visualstudio.com", allowed), std::nullopt);
  EXPECT_NE(services::OrganizationUrlProblem("https://evil.example/dev.azure.com", allowed),
            std::nullopt);
  EXPECT_NE(services::OrganizationUrlProblem("https://me:pw@dev.azure.com/contoso", allowed),
            std::nullopt);
  EXPECT_NE(services::OrganizationUrlProblem("https://dev.azure.com/contoso?x=1", allowed),
            std::nullopt);
  EXPECT_NE(services::OrganizationUrlProblem("ftp://dev.azure.com/contoso", allowed), std::nullopt);
  EXPECT_NE(services::OrganizationUrlProblem("http://169.254.169.254/latest", allowed),
            std::nullopt);
}

// Answers queued replies and records what was sent.
class ScriptedTransport final : public outbound::Transport {
 public:
  outbound::HttpReply Send(const outbound::HttpCall& call) override {
    std::lock_guard lock(mutex_);
    calls.push_back(call);
    if (replies.empty()) return {outbound::HttpReply::Failure::kConnection, "no reply", 0, {}, ""};
    outbound::HttpReply reply = replies.front();
    replies.pop_front();
    return reply;
  }
  static outbound::HttpReply Json(long status, const std::string& body,
                                  std::map<std::string, std::string> headers = {}) {
    headers["content-type"] = "application/json; charset=utf-8";
    return {outbound::HttpReply::Failure::kNone, "", status, std::move(headers), body};
  }

  std::mutex mutex_;
  std::deque<outbound::HttpReply> replies;
  std::vector<outbound::HttpCall> calls;
};

TEST(AdoClient, SendsThePatAsBasicAuthWithTheSuppressHeaderAndTheApiVersion) {
  ScriptedTransport transport;
  testing_support::ManualClock clock;
  transport.replies.push_back(ScriptedTransport::Json(200, R"({"id": "p"})"));
  AdoClient client(transport, {"https://dev.azure.com/contoso/", "My Project", "secret"}, {},
                   clock);
  const AdoReply reply = client.Get(client.ProjectPath() + "/_apis/wit/workitemtypes");
  EXPECT_TRUE(reply.ok());
  ASSERT_EQ(transport.calls.size(), 1u);
  const auto& call = transport.calls[0];
  EXPECT_EQ(call.url,
            "https://dev.azure.com/contoso/My%20Project/_apis/wit/workitemtypes?api-version=7.1");
  // base64(":secret")
  EXPECT_THAT(call.headers, ::testing::Contains("Authorization: Basic OnNlY3JldA=="));
  EXPECT_THAT(call.headers, ::testing::Contains("X-TFS-FedAuthRedirect: Suppress"));
  EXPECT_FALSE(call.fresh_connection) << "reads may reuse a connection";
}

TEST(AdoClient, A429IsWaitedOutForItsRetryAfterAndSentAgain) {
  ScriptedTransport transport;
  testing_support::ManualClock clock;
  transport.replies.push_back(ScriptedTransport::Json(429, "{}", {{"retry-after", "7"}}));
  transport.replies.push_back(ScriptedTransport::Json(200, R"({"value": []})"));
  AdoClient client(transport, {"https://dev.azure.com/contoso", "P", "pat"}, {}, clock);
  auto sent = std::async(std::launch::async, [&] {
    return client.Send("PATCH", "/_apis/wit/$batch", Json::array(), AdoClient::Effect::kWrite,
                       "5.0");
  });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(*clock.NextDeadline() - clock.Now(), std::chrono::seconds(7));
  clock.Advance(7s);
  const AdoReply reply = sent.get();
  EXPECT_TRUE(reply.ok());
  ASSERT_EQ(transport.calls.size(), 2u);
  EXPECT_THAT(transport.calls[1].url, HasSubstr("api-version=5.0"));
  EXPECT_TRUE(transport.calls[1].fresh_connection) << "a write never rides a reused connection";
}

TEST(AdoClient, OutcomesSayWhetherAWriteMayHaveHappened) {
  ScriptedTransport transport;
  testing_support::ManualClock clock;
  AdoClient client(transport, {"https://dev.azure.com/contoso", "P", "pat"}, {}, clock);
  // A 5xx on a write: uncertain, and not sent again by the client.
  transport.replies.push_back(ScriptedTransport::Json(503, R"({"message": "busy"})"));
  EXPECT_EQ(
      client.Send("POST", "/P/_apis/testplan/plans", Json::object(), AdoClient::Effect::kWrite)
          .outcome,
      AdoReply::Outcome::kUncertain);
  EXPECT_EQ(transport.calls.size(), 1u);
  // No answer at all on a write: uncertain too.
  EXPECT_EQ(client.Send("POST", "/x", Json::object(), AdoClient::Effect::kWrite).outcome,
            AdoReply::Outcome::kUncertain);
  // A rule error: a definite refusal, with the service's message and type.
  transport.replies.push_back(ScriptedTransport::Json(
      400, R"({"message": "TF401320: Rule Error", "typeKey": "RuleValidationException"})"));
  const AdoReply refused = client.Send("POST", "/x", Json::object(), AdoClient::Effect::kWrite);
  EXPECT_EQ(refused.outcome, AdoReply::Outcome::kRejected);
  EXPECT_EQ(refused.type_key, "RuleValidationException");
  // A bad token: 401, or the sign-in page (203 HTML).
  transport.replies.push_back(ScriptedTransport::Json(401, "{}"));
  EXPECT_EQ(client.Get("/x").outcome, AdoReply::Outcome::kUnauthorized);
  transport.replies.push_back(
      {outbound::HttpReply::Failure::kNone, "", 203, {{"content-type", "text/html"}}, "<html>"});
  EXPECT_EQ(client.Get("/x").outcome, AdoReply::Outcome::kUnauthorized);
}

}  // namespace
}  // namespace tracker
