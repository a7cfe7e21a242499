// One user cannot take what every user needs: open event streams, the job queue, and the
// threads that serve requests while provider calls are slow. And a stream ends with the sign-in
// that opened it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/auth_helpers.hpp"
#include "support/fake_llm.hpp"
#include "support/http_client.hpp"
#include "support/pipeline_api.hpp"
#include "support/service_process.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;
using namespace std::chrono_literals;

const Json kVisionRequest = {
    {"vision",
     "Shoppers order groceries online and pick them up at the store; staff see each order, "
     "pack it and mark it ready, and shoppers get a message when it is."},
    {"domains", {"retail"}}};

// POST /api/vision/optimize (must answer 202); returns the job id.
std::string QueueOptimization(std::uint16_t port, const SignedInClient& client) {
  const HttpResponse response = Call(port, client, "POST", "/api/vision/optimize", kVisionRequest);
  EXPECT_EQ(response.status, 202) << response.body;
  return response.status == 202 ? Json::parse(response.body)["id"].get<std::string>() : "";
}

// An event stream left open: the request is sent and the response head read.
struct OpenStream {
  std::unique_ptr<HttpConnection> connection;
  HttpResponse head;
};
OpenStream OpenEvents(std::uint16_t port, const SignedInClient& client, const std::string& job) {
  OpenStream stream{std::make_unique<HttpConnection>(port), {}};
  stream.connection->Send("GET /api/jobs/" + job +
                          "/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " +
                          client.access_token + "\r\n\r\n");
  auto head = stream.connection->ReadHead(20s);
  EXPECT_TRUE(head.has_value());
  if (head) stream.head = std::move(*head);
  return stream;
}

std::string State(std::uint16_t port, const SignedInClient& client, const std::string& job) {
  return GetJson(port, client, "/api/jobs/" + job).value("state", "");
}

// Polls until the job reaches `state`; false after 30 s.
bool WaitForState(std::uint16_t port, const SignedInClient& client, const std::string& job,
                  const std::string& state) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (State(port, client, job) == state) return true;
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

TEST(ResourceSharing, EventStreamsPerUserAreCappedAndEndWhenTheSignInEnds) {
  FakeLlm llm;
  llm.Force("hang", 50);  // the jobs stay running, their streams open
  Service service(PipelineEnv(
      llm, {{"MAX_EVENT_STREAMS_PER_USER", "2"}, {"EVENT_STREAM_HEARTBEAT_SECONDS", "0.3"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  const SignedInClient ben = RegisterUser(service.port(), "ben");
  const std::string ada_job = QueueOptimization(service.port(), ada);
  const std::string ben_job = QueueOptimization(service.port(), ben);

  OpenStream first = OpenEvents(service.port(), ada, ada_job);
  OpenStream second = OpenEvents(service.port(), ada, ada_job);
  EXPECT_EQ(first.head.status, 200);
  EXPECT_EQ(second.head.status, 200);
  OpenStream third = OpenEvents(service.port(), ada, ada_job);
  EXPECT_EQ(third.head.status, 429);
  EXPECT_EQ(third.head.Header("Retry-After"), "5");
  // Another user has streams of their own.
  EXPECT_EQ(OpenEvents(service.port(), ben, ben_job).head.status, 200);

  // A stream the client closed gives its place back (the server notices at its next write).
  first.connection.reset();
  bool reopened = false;
  for (int attempt = 0; attempt < 100 && !reopened; ++attempt) {
    OpenStream again = OpenEvents(service.port(), ada, ada_job);
    reopened = again.head.status == 200;
    if (!reopened) std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(reopened);

  // Signing out ends the streams that sign-in opened, even though events would keep coming.
  EXPECT_EQ(Call(service.port(), ada, "POST", "/api/auth/logout").status, 200);
  EXPECT_TRUE(second.connection->WaitForClose(10s));
}

TEST(ResourceSharing, OneUsersQueueDoesNotHoldBackAnotherUsersJob) {
  FakeLlm llm;
  llm.Configure({{"latency_ms", 400}});  // an optimization is three calls: over a second
  Service service(PipelineEnv(llm, {{"JOB_CONCURRENCY", "1"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  const SignedInClient ben = RegisterUser(service.port(), "ben");
  std::vector<std::string> ada_jobs;
  for (int i = 0; i < 6; ++i) ada_jobs.push_back(QueueOptimization(service.port(), ada));
  const auto started = [&](const SignedInClient& client, const std::string& job) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      if (State(service.port(), client, job) != "queued") return true;
      std::this_thread::sleep_for(20ms);
    }
    return false;
  };
  // Ben asks once one of Ada's jobs holds the only slot (whichever the runner took first), so his
  // job is younger than her whole queue.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  const auto any_of_adas_started = [&] {
    for (const auto& job : ada_jobs) {
      if (State(service.port(), ada, job) != "queued") return true;
    }
    return false;
  };
  while (!any_of_adas_started()) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "none of Ada's jobs started";
    std::this_thread::sleep_for(20ms);
  }
  const std::string ben_job = QueueOptimization(service.port(), ben);
  ASSERT_TRUE(started(ben, ben_job));
  int ada_done = 0;
  for (const auto& job : ada_jobs) ada_done += State(service.port(), ada, job) == "completed";
  // Ben's job ran as soon as the runner finished the job of Ada's it was running (or, had his
  // request just missed that moment, the next one): not after her whole queue.
  EXPECT_LE(ada_done, 2);
  const Json finished = WaitForJob(service.port(), ben, ben_job, 60s);
  EXPECT_EQ(finished.value("state", ""), "completed") << finished.dump();
}

TEST(ResourceSharing, QueuedJobsPerUserAreCapped) {
  FakeLlm llm;
  llm.Force("hang", 50);
  Service service(PipelineEnv(llm, {{"JOB_CONCURRENCY", "1"}, {"MAX_QUEUED_JOBS_PER_USER", "3"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  const SignedInClient ben = RegisterUser(service.port(), "ben");
  const std::string running = QueueOptimization(service.port(), ada);
  ASSERT_TRUE(WaitForState(service.port(), ada, running, "running"));
  for (int i = 0; i < 3; ++i) QueueOptimization(service.port(), ada);

  const HttpResponse refused =
      Call(service.port(), ada, "POST", "/api/vision/optimize", kVisionRequest);
  EXPECT_EQ(refused.status, 429) << refused.body;
  EXPECT_EQ(Json::parse(refused.body).value("code", ""), "too_many_jobs");
  EXPECT_THAT(Json::parse(refused.body).value("detail", ""), HasSubstr("3 jobs"));
  // The cap is Ada's alone; and cancelling one of hers makes room again.
  QueueOptimization(service.port(), ben);
  EXPECT_EQ(Call(service.port(), ada, "POST", "/api/jobs/" + running + "/cancel").status, 202);
}

// Fifty quality checks waiting for a slow provider hold no HTTP worker: another user's requests
// are answered at once meanwhile.
TEST(ResourceSharing, SlowVisionChecksDoNotDelayOtherRequests) {
  FakeLlm llm;
  llm.Configure({{"latency_ms", 3000}});
  Service service(PipelineEnv(llm, {{"WORKER_THREADS", "4"},
                                    {"VISION_CHECKS_PER_USER", "50"},
                                    {"VISION_CHECK_THREADS", "50"},
                                    {"LLM_MAX_IN_FLIGHT", "50"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  const SignedInClient ben = RegisterUser(service.port(), "ben");
  std::vector<std::future<HttpResponse>> checks;
  for (int i = 0; i < 50; ++i) {
    checks.push_back(std::async(std::launch::async, [&] {
      return Call(service.port(), ada, "POST", "/api/vision/quality-check", kVisionRequest);
    }));
  }
  // Wait until every check reached the provider, so all of them are in progress.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (llm.ChatRequests() < 50 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(llm.ChatRequests(), 50);
  for (int i = 0; i < 5; ++i) {
    const auto started = std::chrono::steady_clock::now();
    const HttpResponse projects = Call(service.port(), ben, "GET", "/api/projects");
    EXPECT_EQ(projects.status, 200);
    EXPECT_LT(std::chrono::steady_clock::now() - started, 1s);
  }
  for (auto& check : checks) {
    const HttpResponse answer = check.get();
    EXPECT_EQ(answer.status, 200) << answer.body;
    EXPECT_TRUE(Json::parse(answer.body)["score"].is_number_integer());
  }
}

TEST(ResourceSharing, VisionChecksPerUserAreCapped) {
  FakeLlm llm;
  llm.Configure({{"latency_ms", 2000}});
  Service service(PipelineEnv(llm, {{"VISION_CHECKS_PER_USER", "2"}}));
  const SignedInClient ada = RegisterUser(service.port(), "ada");
  std::vector<std::future<HttpResponse>> checks;
  for (int i = 0; i < 2; ++i) {
    checks.push_back(std::async(std::launch::async, [&] {
      return Call(service.port(), ada, "POST", "/api/vision/quality-check", kVisionRequest);
    }));
  }
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (llm.ChatRequests() < 2 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(20ms);
  }
  const HttpResponse third =
      Call(service.port(), ada, "POST", "/api/vision/quality-check", kVisionRequest);
  EXPECT_EQ(third.status, 429) << third.body;
  EXPECT_EQ(Json::parse(third.body).value("code", ""), "too_many_checks");
  for (auto& check : checks) EXPECT_EQ(check.get().status, 200);
  // Finished checks free their places.
  EXPECT_EQ(Call(service.port(), ada, "POST", "/api/vision/quality-check", kVisionRequest).status,
            200);
}

}  // namespace
}  // namespace testing_support
