// Notifications through a real SMTP server (aiosmtpd, with STARTTLS and AUTH) and a local
// webhook receiver: what owners and the operator receive when jobs end and accounts are
// attacked, escaping, users' switches, retries while the mail server is down, no duplicate
// after the sender dies between sending and marking, and webhook URLs kept secret.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "support/auth_helpers.hpp"
#include "support/fake_llm.hpp"
#include "support/http_client.hpp"
#include "support/pipeline_api.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;
using namespace std::chrono_literals;

const Json kSmallLimits = LimitsJson(1, 1, 1, 1, 1);
constexpr const char* kHookSecret = "hook-token-5f1c2d9e";

std::uint16_t FreePort() {
  for (std::uint16_t port = 42000 + static_cast<std::uint16_t>(getpid() % 5000);; ++port) {
    if (!CanConnect(port)) return port;
  }
}

// tests/fakes/notify-sink: the SMTP server and webhook receiver.
class NotifySink {
 public:
  explicit NotifySink(const std::vector<std::string>& args = {}) {
    std::vector<std::string> all = {std::string(BACKLOG_SOURCE_DIR) +
                                    "/tests/fakes/notify-sink/sink.py"};
    all.insert(all.end(), args.begin(), args.end());
    process_ = std::make_unique<ChildProcess>("/usr/bin/python3", all,
                                              EnvVars{{"PATH", "/usr/bin:/bin"}, {"HOME", "/tmp"}},
                                              std::filesystem::temp_directory_path());
    const auto match =
        process_->WaitForLine(R"(notify-sink smtp=(\d+) http=(\d+))", std::chrono::seconds(30));
    if (!match) {
      ADD_FAILURE() << "the notification sink did not start:\n" << process_->Output();
      throw std::runtime_error("notify-sink did not start");
    }
    smtp_port_ = static_cast<std::uint16_t>(std::stoi((*match)[1]));
    http_port_ = static_cast<std::uint16_t>(std::stoi((*match)[2]));
  }

  std::uint16_t smtp_port() const { return smtp_port_; }
  std::string HookUrl(const std::string& name) const {
    return "http://127.0.0.1:" + std::to_string(http_port_) + "/hook/" + name;
  }
  Json Messages() { return Json::parse(HttpGet(http_port_, "/_control/messages").body); }
  Json Hooks() { return Json::parse(HttpGet(http_port_, "/_control/hooks").body); }
  void Configure(const Json& config) {
    ASSERT_EQ(PostJson(http_port_, "/_control/config", config).status, 200);
  }
  // Waits until at least `count` messages arrived; returns them all.
  Json WaitForMessages(std::size_t count, std::chrono::seconds timeout = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    Json messages = Messages();
    while (messages.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
      messages = Messages();
    }
    return messages;
  }
  Json WaitForHooks(std::size_t count, std::chrono::seconds timeout = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    Json hooks = Hooks();
    while (hooks.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
      hooks = Hooks();
    }
    return hooks;
  }

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t smtp_port_ = 0;
  std::uint16_t http_port_ = 0;
};

EnvVars MailEnv(std::uint16_t smtp_port, const EnvVars& extra = {}) {
  EnvVars env = {{"SMTP_URL", "smtp://127.0.0.1:" + std::to_string(smtp_port)},
                 {"SMTP_FROM", "backlog@example.com"},
                 {"SMTP_ALLOW_PLAIN", "true"},
                 {"PUBLIC_BASE_URL", "https://backlog.example.com/"},
                 {"WEBHOOK_ALLOW_PRIVATE", "true"},
                 {"NOTIFICATION_RETRY_SECONDS", "1"}};
  for (const auto& [name, value] : extra) env[name] = value;
  return env;
}

std::string GenerateProject(std::uint16_t port, const SignedInClient& client,
                            const std::string& name) {
  const Json project = CreateProject(port, client, kSmallLimits, name);
  const std::string id = project["id"].get<std::string>();
  const Json job = WaitForJob(port, client, StartGeneration(port, client, id));
  EXPECT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
  return id;
}

SignedInClient CreateAdmin(const Service& service, const EnvVars& overrides) {
  EnvVars env = DefaultServiceEnv(service.dir());
  for (const auto& [name, value] : AuthTestEnv(overrides)) env[name] = value;
  ChildProcess create(BACKLOG_BINARY,
                      {"user", "create", "root", "--email", "root@example.com", "--admin"}, env,
                      service.dir(), "an admin passphrase that is long\n");
  EXPECT_EQ(create.WaitForExit(60s), std::optional<int>(0)) << create.Output();
  SignedInClient admin;
  EXPECT_EQ(Login(service.port(), "root", "an admin passphrase that is long", &admin).status, 200);
  return admin;
}

std::string ReadAll(const std::filesystem::path& dir) {
  std::string all;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".db" ||
        entry.path().string().find("-wal") != std::string::npos) {
      continue;
    }
    std::ifstream file(entry.path());
    std::stringstream text;
    text << file.rdbuf();
    all += text.str();
  }
  return all;
}

TEST(Notifications, AJobsEndReachesItsOwnerByMailAndWebhookOverTlsWithEverythingEscaped) {
  TempDir certs;
  const auto cert = certs.path() / "cert.pem";
  const auto key = certs.path() / "key.pem";
  const CommandResult made =
      RunProgram({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                  "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout",
                  key.string(), "-out", cert.string()});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  NotifySink sink({"--tls-cert", cert.string(), "--tls-key", key.string(), "--auth",
                   "mailer:relay-password-77"});
  FakeLlm llm;
  Service service(
      PipelineEnv(llm, MailEnv(sink.smtp_port(), {{"SMTP_ALLOW_PLAIN", "false"},
                                                  {"SMTP_CA_FILE", cert.string()},
                                                  {"SMTP_USERNAME", "mailer"},
                                                  {"SMTP_PASSWORD", "relay-password-77"}})));
  const auto ada = RegisterUser(service.port(), "ada");

  // Her own webhook: accepted, never shown again.
  const HttpResponse saved = Call(service.port(), ada, "PUT", "/api/settings/notifications",
                                  {{"webhook_url", sink.HookUrl(kHookSecret)}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_THAT(saved.body, Not(HasSubstr(kHookSecret)));
  const Json settings = GetJson(service.port(), ada, "/api/settings/notifications")["data"];
  EXPECT_EQ(settings["webhook_url"], "set");
  EXPECT_EQ(settings["email"], true);
  EXPECT_EQ(settings["email_available"], true);

  const std::string name = "Q3 <b>Payments</b> & \"Ops\" — Zürich";
  const std::string project_id = GenerateProject(service.port(), ada, name);

  const Json messages = sink.WaitForMessages(1);
  ASSERT_EQ(messages.size(), 1u) << service.process().Output();
  const Json& mail = messages[0];
  EXPECT_EQ(mail["mail_from"], "backlog@example.com");
  EXPECT_EQ(mail["rcpt_tos"], Json::array({"ada@example.com"}));
  EXPECT_EQ(mail["tls"], true);  // STARTTLS, with the relay's certificate verified
  EXPECT_EQ(mail["authenticated_as"], "mailer");
  EXPECT_EQ(mail["subject"], "Backlog generation done: " + name);
  EXPECT_THAT(mail["text"].get<std::string>(), HasSubstr("Generating the backlog of"));
  EXPECT_THAT(mail["text"].get<std::string>(), HasSubstr("1 epics, 1 features, 1 user stories"));
  EXPECT_THAT(mail["text"].get<std::string>(), HasSubstr("Duration: "));
  EXPECT_THAT(mail["text"].get<std::string>(), HasSubstr("LLM cost: $"));
  EXPECT_THAT(mail["text"].get<std::string>(),
              HasSubstr("https://backlog.example.com/projects/" + project_id));
  // The HTML part shows the name as text, never as markup.
  EXPECT_THAT(mail["html"].get<std::string>(),
              HasSubstr("Q3 &lt;b&gt;Payments&lt;/b&gt; &amp; &quot;Ops&quot;"));
  EXPECT_THAT(mail["html"].get<std::string>(), Not(HasSubstr("<b>Payments")));
  // Exactly the headers a message needs, each once; the subject travels encoded.
  EXPECT_THAT(mail["raw_headers"].get<std::string>(), HasSubstr("Subject: =?UTF-8?B?"));
  for (const char* header : {"from", "to", "subject", "date", "message-id", "mime-version"}) {
    EXPECT_EQ(std::count(mail["header_names"].begin(), mail["header_names"].end(), header), 1)
        << header;
  }

  const Json hooks = sink.WaitForHooks(1);
  ASSERT_EQ(hooks.size(), 1u);
  EXPECT_EQ(hooks[0]["path"], std::string("/hook/") + kHookSecret);
  EXPECT_THAT(hooks[0]["content_type"].get<std::string>(), HasSubstr("application/json"));
  const Json card = Json::parse(hooks[0]["body"].get<std::string>());
  EXPECT_EQ(card["type"], "message");
  EXPECT_EQ(card["attachments"][0]["contentType"], "application/vnd.microsoft.card.adaptive");
  const Json& content = card["attachments"][0]["content"];
  EXPECT_EQ(content["type"], "AdaptiveCard");
  EXPECT_EQ(content["body"][0]["text"], "Backlog generation done: " + name);
  EXPECT_EQ(content["actions"][0]["url"], "https://backlog.example.com/projects/" + project_id);

  // E-mail off, a project webhook on: the next job's end goes to both webhooks, not by mail.
  ASSERT_EQ(
      Call(service.port(), ada, "PUT", "/api/settings/notifications", {{"email", false}}).status,
      200);
  const Json second = CreateProject(service.port(), ada, kSmallLimits, "Second");
  const std::string second_id = second["id"].get<std::string>();
  const HttpResponse project_hook =
      Call(service.port(), ada, "PUT", "/api/projects/" + second_id + "/notifications",
           {{"webhook_url", sink.HookUrl("team-channel")}});
  ASSERT_EQ(project_hook.status, 200) << project_hook.body;
  EXPECT_EQ(GetJson(service.port(), ada,
                    "/api/projects/" + second_id + "/notifications")["data"]["webhook_url"],
            "set");
  // Another user cannot see or set it.
  const auto bob = RegisterUser(service.port(), "bob");
  EXPECT_EQ(
      Call(service.port(), bob, "GET", "/api/projects/" + second_id + "/notifications").status,
      404);
  const Json job = WaitForJob(service.port(), ada, StartGeneration(service.port(), ada, second_id));
  ASSERT_TRUE(IsSuccessfulJobState(job["state"]));
  const Json all_hooks = sink.WaitForHooks(3);
  ASSERT_EQ(all_hooks.size(), 3u);
  std::vector<std::string> paths = {all_hooks[1]["path"], all_hooks[2]["path"]};
  std::sort(paths.begin(), paths.end());
  EXPECT_EQ(paths,
            (std::vector<std::string>{std::string("/hook/") + kHookSecret, "/hook/team-channel"}));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(sink.Messages().size(), 1u);

  // The webhook URLs and the relay's password are in no log and no answer.
  const std::string logs = ReadAll(service.dir()) + service.process().Output();
  EXPECT_THAT(logs, Not(HasSubstr(kHookSecret)));
  EXPECT_THAT(logs, Not(HasSubstr("team-channel")));
  EXPECT_THAT(logs, Not(HasSubstr("relay-password-77")));
  // And the outbox's depth shows on /metrics.
  const HttpResponse metrics = HttpGet(service.port(), "/metrics");
  EXPECT_THAT(metrics.body, HasSubstr("backlog_notification_outbox{state=\"sent\"} 4"));
  EXPECT_THAT(metrics.body,
              HasSubstr("backlog_notifications_sent_total{channel=\"email\",outcome=\"sent\"} 1"));
}

TEST(Notifications, TheOperatorHearsOfFailuresAndLockoutsAndOwnersChooseWhatTheyHear) {
  NotifySink sink;
  FakeLlm llm({"--models", "gpt-4o-mini"});
  // A model the provider does not have: every generation fails.
  Service service(
      PipelineEnv(llm, MailEnv(sink.smtp_port(), {{"NOTIFICATION_EMAIL", "ops@example.com"},
                                                  {"LLM_MODEL", "no-such-model"},
                                                  {"LOCKOUT_THRESHOLD", "5"}})));
  const auto ada = RegisterUser(service.port(), "ada");
  const auto failed_generation = [&](const std::string& name) {
    const Json project = CreateProject(service.port(), ada, kSmallLimits, name);
    const Json job =
        WaitForJob(service.port(), ada, StartGeneration(service.port(), ada, project["id"]));
    EXPECT_EQ(job["state"], "failed") << job.dump();
  };
  failed_generation("Doomed");
  Json messages = sink.WaitForMessages(2);
  ASSERT_EQ(messages.size(), 2u) << service.process().Output();
  std::set<std::string> recipients;
  for (const Json& message : messages) {
    recipients.insert(message["rcpt_tos"][0].get<std::string>());
    EXPECT_EQ(message["subject"], "Backlog generation failed: Doomed");
    EXPECT_THAT(message["text"].get<std::string>(), HasSubstr("no-such-model"));
  }
  EXPECT_EQ(recipients, (std::set<std::string>{"ada@example.com", "ops@example.com"}));

  // Ada no longer wants to hear of failures; the operator still does.
  ASSERT_EQ(Call(service.port(), ada, "PUT", "/api/settings/notifications", {{"job_failed", false}})
                .status,
            200);
  failed_generation("Doomed again");
  messages = sink.WaitForMessages(3);
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[2]["rcpt_tos"], Json::array({"ops@example.com"}));
  EXPECT_EQ(messages[2]["subject"], "Backlog generation failed: Doomed again");

  // Five wrong passwords lock the account: the operator hears of it.
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(Login(service.port(), "ada", "not her password at all").status, 401);
  }
  messages = sink.WaitForMessages(4);
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_EQ(messages[3]["rcpt_tos"], Json::array({"ops@example.com"}));
  EXPECT_EQ(messages[3]["subject"], "Security: account locked after failed sign-ins");
  EXPECT_THAT(messages[3]["text"].get<std::string>(), HasSubstr("\u201Cada\u201D"));
  EXPECT_THAT(messages[3]["text"].get<std::string>(), HasSubstr("From address: 127.0.0.1"));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(sink.Messages().size(), 4u);
}

TEST(Notifications, AFailedBackupReachesTheOperatorsMailAndWebhookWhichIsRetriedAfterA5xx) {
  NotifySink sink;
  sink.Configure({{"hook_status", 503}});
  TempDir dir;
  // BACKUP_DIR under a regular file: the backup at start fails.
  std::ofstream(dir.path() / "not-a-folder") << "x";
  Service service(AuthTestEnv(
      MailEnv(sink.smtp_port(), {{"NOTIFICATION_EMAIL", "ops@example.com"},
                                 {"TEAMS_WEBHOOK_URL", sink.HookUrl("ops-channel")},
                                 {"BACKUP_DIR", (dir.path() / "not-a-folder" / "backups").string()},
                                 {"NOTIFY_SECURITY_EVENTS", "false"},
                                 {"LOCKOUT_THRESHOLD", "3"}})));
  const Json messages = sink.WaitForMessages(1);
  ASSERT_EQ(messages.size(), 1u) << service.process().Output();
  EXPECT_EQ(messages[0]["rcpt_tos"], Json::array({"ops@example.com"}));
  EXPECT_EQ(messages[0]["subject"], "Backup failed");
  // The webhook answered 503: tried again, a second later, until it takes the card.
  ASSERT_GE(sink.WaitForHooks(1).size(), 1u);
  sink.Configure({{"hook_status", 200}});
  Json hooks = sink.WaitForHooks(2);
  ASSERT_GE(hooks.size(), 2u);
  std::this_thread::sleep_for(2500ms);
  hooks = sink.Hooks();
  EXPECT_EQ(hooks.size(), 2u) << "sent again after it was taken";
  EXPECT_THAT(hooks.back()["body"].get<std::string>(), HasSubstr("Backup failed"));

  // Security events are switched off for this installation: a lockout sends nothing.
  RegisterUser(service.port(), "dora");
  for (int attempt = 0; attempt < 3; ++attempt) {
    EXPECT_EQ(Login(service.port(), "dora", "not her password at all").status, 401);
  }
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(sink.Messages().size(), 1u);
  EXPECT_EQ(sink.Hooks().size(), 2u);
}

TEST(Notifications, AreRetriedUntilTheMailServerIsUp) {
  const std::uint16_t smtp_port = FreePort();
  FakeLlm llm;
  Service service(PipelineEnv(llm, MailEnv(smtp_port)));
  const SignedInClient admin = CreateAdmin(service, MailEnv(smtp_port));
  const auto ada = RegisterUser(service.port(), "ada");
  GenerateProject(service.port(), ada, "Waiting for mail");

  // Nothing listens yet: the delivery waits with its error, visible to admins.
  Json pending;
  for (int i = 0; i < 100; ++i) {
    pending = GetJson(service.port(), admin, "/api/admin/notifications")["data"]["deliveries"];
    if (!pending.empty() && pending[0]["attempts"].get<int>() >= 2) break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(pending.size(), 1u);
  EXPECT_EQ(pending[0]["state"], "pending");
  EXPECT_EQ(pending[0]["channel"], "email");
  EXPECT_EQ(pending[0]["recipient"], "ada@example.com");
  EXPECT_GE(pending[0]["attempts"].get<int>(), 2);
  EXPECT_THAT(pending[0]["last_error"].get<std::string>(), HasSubstr("connect"));
  // Not for users.
  EXPECT_EQ(Call(service.port(), ada, "GET", "/api/admin/notifications").status, 403);

  NotifySink sink({"--smtp-port", std::to_string(smtp_port)});
  const Json messages = sink.WaitForMessages(1, 60s);
  ASSERT_EQ(messages.size(), 1u) << service.process().Output();
  EXPECT_EQ(messages[0]["subject"], "Backlog generation done: Waiting for mail");
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(sink.Messages().size(), 1u);
  const Json sent =
      GetJson(service.port(), admin, "/api/admin/notifications")["data"]["deliveries"];
  EXPECT_EQ(sent[0]["state"], "sent");
}

TEST(Notifications, ADeliveryInterruptedBetweenSendAndMarkIsNotSentTwice) {
  NotifySink sink;
  TempDir dir;
  const EnvVars env = MailEnv(sink.smtp_port(), {{"NOTIFICATION_LEASE_SECONDS", "2"}});
  FakeLlm llm;
  SignedInClient admin;
  {
    Service service(Service::InFolder{dir.path()}, PipelineEnv(llm, env));
    admin = CreateAdmin(service, env);
    const auto ada = RegisterUser(service.port(), "ada");
    // The mail server takes the message, then the sender dies before it hears "250" and
    // before it can mark the delivery sent.
    sink.Configure({{"kill_on_data", service.process().pid()}});
    GenerateProject(service.port(), ada, "Interrupted");
    ASSERT_TRUE(service.process().WaitForExit(30s).has_value()) << "the service was not killed";
  }
  ASSERT_EQ(sink.Messages().size(), 1u);

  Service restarted(Service::InFolder{dir.path()}, PipelineEnv(llm, env));
  SignedInClient root;
  ASSERT_EQ(Login(restarted.port(), "root", "an admin passphrase that is long", &root).status, 200);
  Json deliveries;
  for (int i = 0; i < 100; ++i) {
    deliveries = GetJson(restarted.port(), root, "/api/admin/notifications")["data"]["deliveries"];
    if (!deliveries.empty() && deliveries[0]["state"] == "unknown") break;
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(deliveries.size(), 1u);
  EXPECT_EQ(deliveries[0]["state"], "unknown");
  EXPECT_THAT(deliveries[0]["last_error"].get<std::string>(), HasSubstr("may or may not"));
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(sink.Messages().size(), 1u) << "sent a second time after the restart";

  // An admin who finds it missing sends it again.
  const std::string id = std::to_string(deliveries[0]["id"].get<std::int64_t>());
  ASSERT_EQ(
      Call(restarted.port(), root, "POST", "/api/admin/notifications/" + id + "/retry").status,
      200);
  EXPECT_EQ(sink.WaitForMessages(2).size(), 2u);
  EXPECT_EQ(
      Call(restarted.port(), root, "POST", "/api/admin/notifications/" + id + "/retry").status,
      409);  // sent: nothing to send again
}

TEST(Notifications, AShutdownDoesNotWaitForASlowMailServerAndLosesNothing) {
  NotifySink sink;
  sink.Configure({{"stall_rcpt_seconds", 60}});
  TempDir dir;
  const EnvVars env = MailEnv(sink.smtp_port());
  FakeLlm llm;
  {
    Service service(Service::InFolder{dir.path()}, PipelineEnv(llm, env));
    CreateAdmin(service, env);
    const auto ada = RegisterUser(service.port(), "ada");
    GenerateProject(service.port(), ada, "Slow mail");
    // The sender now waits for the server to accept the recipient; nothing has left yet.
    ASSERT_TRUE(service.process().WaitForLine("job .* finished: completed", 30s));
    std::this_thread::sleep_for(2s);
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(service.Stop(30s), std::optional<int>(0));
    EXPECT_LT(std::chrono::steady_clock::now() - started, 15s) << "the shutdown waited for SMTP";
    EXPECT_THAT(service.process().Output(), HasSubstr("interrupted by the shutdown"));
  }
  sink.Configure({{"stall_rcpt_seconds", 0}});
  Service restarted(Service::InFolder{dir.path()}, PipelineEnv(llm, env));
  const Json messages = sink.WaitForMessages(1);
  ASSERT_EQ(messages.size(), 1u) << restarted.process().Output();
  EXPECT_EQ(messages[0]["subject"], "Backlog generation done: Slow mail");
}

TEST(Notifications, WebhookUrlsMustLeadOutsideAndAreNeverShown) {
  Service service(AuthTestEnv());
  const auto ada = RegisterUser(service.port(), "ada");
  for (const std::string url :
       {"http://hooks.example.com/x", "https://127.0.0.1/hook", "https://localhost/hook",
        "https://[::1]/hook", "https://169.254.169.254/latest", "https://10.1.2.3/hook",
        "https://user:pw@hooks.example.com/x", "ftp://hooks.example.com/x"}) {
    const HttpResponse refused =
        Call(service.port(), ada, "PUT", "/api/settings/notifications", {{"webhook_url", url}});
    EXPECT_EQ(refused.status, 422) << url << ": " << refused.body;
  }
  const std::string teams =
      "https://example.webhook.office.com/webhookb2/abc@def/IncomingWebhook/123/secret-part";
  const HttpResponse saved =
      Call(service.port(), ada, "PUT", "/api/settings/notifications", {{"webhook_url", teams}});
  ASSERT_EQ(saved.status, 200) << saved.body;
  EXPECT_THAT(saved.body, Not(HasSubstr("secret-part")));
  EXPECT_EQ(GetJson(service.port(), ada, "/api/settings/notifications")["data"]["webhook_url"],
            "set");
  // "" removes it.
  ASSERT_EQ(
      Call(service.port(), ada, "PUT", "/api/settings/notifications", {{"webhook_url", ""}}).status,
      200);
  EXPECT_EQ(GetJson(service.port(), ada, "/api/settings/notifications")["data"]["webhook_url"],
            "not set");
  EXPECT_EQ(
      Call(service.port(), ada, "PUT", "/api/settings/notifications", {{"email", "no"}}).status,
      422);
}

}  // namespace
}  // namespace testing_support
