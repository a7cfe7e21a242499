// Three instances on one PostgreSQL database and one Redis, behind nginx with
// deploy/nginx-cluster.conf: a job survives the loss of the instance running it, live events
// reach a browser on another instance in order and without gaps across the loss, and what must
// be shared (revocations, login limits, cancel requests) is, whichever instance a request reaches.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "support/auth_helpers.hpp"
#include "support/fake_llm.hpp"
#include "support/finished_work.hpp"
#include "support/http_client.hpp"
#include "support/pipeline_api.hpp"
#include "support/redis_server.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using Json = nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr int kInstances = 3;

std::uint16_t FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  ::close(fd);
  return ntohs(address.sin_port);
}

// nginx running deploy/nginx-cluster.conf with the instances' ports and a port of its own.
class Nginx {
 public:
  explicit Nginx(const std::vector<std::uint16_t>& upstreams) : port_(FreePort()) {
    std::ifstream in(std::string(BACKLOG_SOURCE_DIR) + "/deploy/nginx-cluster.conf");
    std::stringstream site;
    site << in.rdbuf();
    std::string text = site.str();
    std::string servers;
    for (const auto port : upstreams) {
      servers += "    server 127.0.0.1:" + std::to_string(port) + " max_fails=1 fail_timeout=5s;\n";
    }
    text =
        std::regex_replace(text, std::regex(R"(( *server 127\.0\.0\.1:800\d[^\n]*\n)+)"), servers);
    text = std::regex_replace(text, std::regex("listen 80;"),
                              "listen 127.0.0.1:" + std::to_string(port_) + ";");
    const auto dir = dir_.path();
    std::ofstream(dir / "site.conf") << text;
    std::ofstream(dir / "nginx.conf")
        << (::geteuid() == 0 ? "user root;\n" : "") << "daemon off;\nmaster_process off;\n"
        << "error_log " << (dir / "error.log").string() << " warn;\n"
        << "pid " << (dir / "nginx.pid").string() << ";\n"
        << "events { worker_connections 256; }\nhttp {\n  access_log off;\n"
        << "  client_body_temp_path " << (dir / "body").string() << ";\n"
        << "  proxy_temp_path " << (dir / "proxy").string() << ";\n"
        << "  fastcgi_temp_path " << (dir / "fastcgi").string() << ";\n"
        << "  uwsgi_temp_path " << (dir / "uwsgi").string() << ";\n"
        << "  scgi_temp_path " << (dir / "scgi").string() << ";\n"
        << "  include " << (dir / "site.conf").string() << ";\n}\n";
    process_ =
        std::make_unique<ChildProcess>("/usr/sbin/nginx",
                                       std::vector<std::string>{"-c", (dir / "nginx.conf").string(),
                                                                "-p", dir.string(), "-e", "stderr"},
                                       EnvVars{{"PATH", "/usr/sbin:/usr/bin:/bin"}}, dir);
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!CanConnect(port_)) {
      if (std::chrono::steady_clock::now() > deadline || !process_->running()) {
        ADD_FAILURE() << "nginx did not start:\n" << process_->Output();
        throw std::runtime_error("nginx did not start");
      }
      std::this_thread::sleep_for(20ms);
    }
  }
  std::uint16_t port() const { return port_; }

 private:
  TempDir dir_;
  std::uint16_t port_;
  std::unique_ptr<ChildProcess> process_;
};

class Cluster : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(UsesPostgres()) << "the cluster tests need TEST_POSTGRES_URL(_FILE)";
    // Each instance in its own folder (logs), all on the database of the first folder.
    const std::string database = DatabaseUrlFor(shared_.path());
    std::vector<std::uint16_t> ports;
    for (int i = 0; i < kInstances; ++i) {
      instances_.push_back(std::make_unique<Service>(
          PipelineEnv(llm_, {{"DATABASE_URL", database},
                             {"REDIS_URL", redis_.url()},
                             {"TRUSTED_PROXIES", "127.0.0.1"},
                             {"DATA_ENCRYPTION_KEY", std::string(64, 'a')},
                             {"JOB_LEASE_SECONDS", "5"},
                             {"LOGIN_RATE_LIMIT", "10"},
                             {"LLM_MAX_IN_FLIGHT", "2"}})));
      ports.push_back(instances_.back()->port());
    }
    nginx_ = std::make_unique<Nginx>(ports);
  }

  std::uint16_t port() const { return nginx_->port(); }

  // The instance whose worker holds the job's lease (worker ids name the process id).
  int RunnerOf(const std::string& job_id) {
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      const std::string owner =
          QueryText(shared_.path(), "SELECT coalesce(lease_owner, '') FROM jobs WHERE id = '" +
                                        job_id + "' AND state = 'running'");
      for (int i = 0; i < kInstances; ++i) {
        if (owner.find(":" + std::to_string(instances_[i]->process().pid()) + ":") !=
            std::string::npos) {
          return i;
        }
      }
      std::this_thread::sleep_for(50ms);
    }
    return -1;
  }

  // The instance serving the browser's (only) event stream so far: the one that logged it.
  int StreamerOf(const std::string& job_id) {
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
      for (int i = 0; i < kInstances; ++i) {
        if (instances_[i]->process().Output().find("/api/jobs/" + job_id + "/events") !=
            std::string::npos) {
          return i;
        }
      }
      std::this_thread::sleep_for(50ms);
    }
    return -1;
  }

  FakeLlm llm_{{"--latency-ms", "300", "--log-messages"}};
  RedisServer redis_;
  TempDir shared_;
  std::vector<std::unique_ptr<Service>> instances_;
  std::unique_ptr<Nginx> nginx_;
};

// Reads a job's event stream through nginx like a browser: on a dropped connection it
// reconnects with Last-Event-ID until the final event.
class EventReader {
 public:
  EventReader(std::uint16_t port, std::string token, std::string job_id)
      : port_(port), token_(std::move(token)), job_id_(std::move(job_id)) {
    thread_ = std::thread([this] { Run(); });
  }
  ~EventReader() {
    stop_ = true;
    thread_.join();
  }
  // Waits for the final event; the ids seen, in order, and how many connections it took.
  bool WaitForFinal(std::chrono::seconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!final_ && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(50ms);
    return final_;
  }
  std::vector<std::int64_t> ids() {
    std::lock_guard lock(mutex_);
    return ids_;
  }
  int connections() const { return connections_; }

 private:
  void Run() {
    const std::regex event_id(R"(^id: (\d+)$)");
    const std::regex event_type(R"(^event: (\w+)$)");
    while (!stop_ && !final_) {
      try {
        HttpConnection connection(port_);
        ++connections_;
        std::string request = "GET /api/jobs/" + job_id_ +
                              "/events HTTP/1.0\r\nHost: cluster\r\nAuthorization: Bearer " +
                              token_ + "\r\nAccept: text/event-stream\r\n";
        if (last_ > 0) request += "Last-Event-ID: " + std::to_string(last_) + "\r\n";
        connection.Send(request + "\r\n");
        if (!connection.ReadUntil("\r\n\r\n", 10s)) continue;
        while (!stop_ && !final_) {
          const auto block = connection.ReadUntil("\n\n", 3s);
          if (!block) break;  // closed (the instance died) or silent: reconnect
          std::istringstream lines(*block);
          std::string line;
          std::smatch match;
          while (std::getline(lines, line)) {
            if (std::regex_match(line, match, event_id)) {
              std::lock_guard lock(mutex_);
              last_ = std::stoll(match[1]);
              ids_.push_back(last_);
            } else if (std::regex_match(line, match, event_type) && match[1] == "final") {
              final_ = true;
            }
          }
        }
      } catch (const std::exception&) {
        std::this_thread::sleep_for(200ms);  // no instance reachable for a moment
      }
    }
  }

  const std::uint16_t port_;
  const std::string token_;
  const std::string job_id_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> final_{false};
  std::atomic<int> connections_{0};
  std::mutex mutex_;
  std::int64_t last_ = 0;
  std::vector<std::int64_t> ids_;
  std::thread thread_;
};

TEST_F(Cluster, AJobSurvivesTheLossOfItsInstanceAndItsEventsReachAnotherInOrder) {
  const Json limits = LimitsJson(2, 2, 2, 2, 2);
  const SignedInClient ada = RegisterUser(port(), "ada");
  const std::string project_id = CreateProject(port(), ada, limits)["id"];
  const std::string job_id = StartGeneration(port(), ada, project_id);
  ASSERT_FALSE(job_id.empty());
  EventReader events(port(), ada.access_token, job_id);

  // Kill the instance running the job once several steps are done.
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  for (;;) {
    const Json job = GetJson(port(), ada, "/api/jobs/" + job_id);
    if (job["progress"].is_object() && job["progress"]["done"].get<int>() >= 10) break;
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << job.dump();
    ASSERT_FALSE(IsSuccessfulJobState(job["state"])) << "finished before the kill";
    std::this_thread::sleep_for(50ms);
  }
  const int runner = RunnerOf(job_id);
  ASSERT_GE(runner, 0) << "no instance holds the job's lease";
  const int streamer = StreamerOf(job_id);
  ASSERT_GE(streamer, 0) << "no instance serves the event stream";
  instances_[runner]->process().Signal(SIGKILL);
  ASSERT_EQ(instances_[runner]->process().WaitForExit(10s), std::optional<int>(128 + SIGKILL));
  // The browser's stream must lose its instance too: when nginx put it elsewhere, that one goes
  // as well, and the job finishes on the last.
  if (streamer != runner) {
    instances_[streamer]->process().Signal(SIGKILL);
    ASSERT_EQ(instances_[streamer]->process().WaitForExit(10s), std::optional<int>(128 + SIGKILL));
  }
  const FinishedWork before(shared_.path(), llm_, job_id, project_id);
  ASSERT_EQ(before.job_state(), "running");
  ASSERT_GE(before.steps(), 10u);

  // Another instance takes the job over after its lease and finishes it.
  ASSERT_TRUE(events.WaitForFinal(90s)) << "no final event through nginx";
  const Json job = GetJson(port(), ada, "/api/jobs/" + job_id);
  ASSERT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
  EXPECT_EQ(job["result"]["failed_steps"], 0) << job.dump();
  const Json backlog = GetBacklog(port(), ada, project_id);
  ExpectCompleteTree(backlog, limits);  // nothing missing, nothing twice
  before.ExpectKept(backlog, llm_);

  // The browser saw every event exactly once, in order, whichever instance served it.
  const auto ids = events.ids();
  ASSERT_FALSE(ids.empty());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ASSERT_EQ(ids[i], static_cast<std::int64_t>(i + 1)) << "a gap or a repeat at event " << i;
  }
  EXPECT_GE(events.connections(), 2) << "the stream never had to reconnect";
  EXPECT_EQ(
      ids.back(),
      QueryInt(shared_.path(), "SELECT max(seq) FROM job_events WHERE job_id = '" + job_id + "'"));
}

TEST_F(Cluster, RevocationsLoginLimitsAndCancelsHoldOnEveryInstance) {
  const SignedInClient ada = RegisterUser(port(), "ada");
  // Logout through one instance: the token fails on every instance at once.
  for (const auto& instance : instances_) {
    EXPECT_EQ(HttpGet(instance->port(), "/api/auth/me", ada.Bearer()).status, 200);
  }
  EXPECT_EQ(Send(instances_[0]->port(), "POST", "/api/auth/logout", ada.Bearer(), "").status, 200);
  for (const auto& instance : instances_) {
    EXPECT_EQ(HttpGet(instance->port(), "/api/auth/me", ada.Bearer()).status, 401);
  }

  // The login limit counts attempts on all instances together: the 11th in a minute is refused
  // whichever instance receives it.
  RegisterUser(port(), "ben", "correct horse battery staple");
  for (int attempt = 0; attempt < 10; ++attempt) {
    EXPECT_EQ(Login(instances_[attempt % kInstances]->port(), "ben", "correct horse battery staple")
                  .status,
              200)
        << attempt;
  }
  for (const auto& instance : instances_) {
    const HttpResponse refused = Login(instance->port(), "ben", "correct horse battery staple");
    EXPECT_EQ(refused.status, 429)
        << "instance on port " << instance->port() << ": " << refused.body;
  }

  // A cancel sent to one instance stops the job another instance runs, within seconds.
  const SignedInClient cy = RegisterUser(port(), "cyd");
  const std::string project_id = CreateProject(port(), cy, LimitsJson(2, 2, 2, 2, 2))["id"];
  const std::string job_id = StartGeneration(port(), cy, project_id);
  const int runner = RunnerOf(job_id);
  ASSERT_GE(runner, 0);
  const int other = (runner + 1) % kInstances;
  const auto sent = std::chrono::steady_clock::now();
  EXPECT_EQ(
      Call(instances_[other]->port(), cy, "POST", "/api/jobs/" + job_id + "/cancel", Json::object())
          .status,
      202);
  const Json job = WaitForJob(instances_[other]->port(), cy, job_id, 30s);
  EXPECT_EQ(job["state"], "cancelled") << job.dump();
  EXPECT_LT(std::chrono::steady_clock::now() - sent, 10s);
  EXPECT_TRUE(
      instances_[runner]->process().WaitForLine("job " + job_id + " finished: cancelled", 5s))
      << "the instance running the job did not stop it";
}

}  // namespace
}  // namespace testing_support
