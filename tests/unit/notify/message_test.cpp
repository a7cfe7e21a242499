// What a notification says and how it is encoded: a mail whose headers no project name can
// extend, HTML with user text escaped, the Adaptive Card, and the address and URL checks that
// keep webhooks and envelopes safe.
#include "notify/message.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "outbound/public_address.hpp"
#include "services/notification_service.hpp"

namespace notify {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

store::JobFacts Job(std::string project_name, std::string state = "completed") {
  store::JobFacts job;
  job.job_id = "job_1";
  job.kind = "generate";
  job.state = std::move(state);
  job.project_id = "prj_1";
  job.project_name = std::move(project_name);
  job.result = R"({"nodes":{"epic":2,"feature":4,"story":8,"task":0},"needs_review":1})";
  job.started_at = 1'800'000'000;
  job.finished_at = 1'800'000'125;
  job.cost_usd = 0.01234;
  job.llm_calls = 14;
  return job;
}

std::string Headers(const std::string& mail) { return mail.substr(0, mail.find("\r\n\r\n")); }

TEST(NotificationMail, NoTextFromAUserCanAddAHeaderOrALine) {
  const Message message =
      DescribeJob(Job("Payments\r\nBcc: everyone@example.com\nX-Evil: 1"), "https://b.example");
  const std::string mail = ComposeMail(
      {"backlog@example.com", "Backlog", "ada@example.com", "n1.d1@b", 1'800'000'000}, message);
  const std::string headers = Headers(mail);
  EXPECT_THAT(headers, Not(HasSubstr("\nBcc:")));
  EXPECT_THAT(headers, Not(HasSubstr("\nX-Evil")));
  EXPECT_THAT(headers, HasSubstr("Subject: Backlog generation done: Payments  Bcc: everyone"));
  // Every header line is a header or a folded continuation.
  std::size_t start = 0;
  while (start < headers.size()) {
    const auto end = headers.find("\r\n", start);
    const std::string line = headers.substr(start, end - start);
    EXPECT_TRUE(line.starts_with(" ") || line.find(": ") != std::string::npos) << line;
    if (end == std::string::npos) break;
    start = end + 2;
  }
  // Bare line feeds never appear: every line ends in CRLF.
  for (std::size_t i = 0; i < mail.size(); ++i) {
    if (mail[i] == '\n') {
      EXPECT_EQ(mail[i - 1], '\r') << i;
    }
  }
}

TEST(NotificationMail, NonAsciiSubjectsAreEncodedWordsSplitOnCharacters) {
  const std::string name(40, 'x');
  const Message message = DescribeJob(Job(name + " Zürich — Ünïcödé"), "");
  const std::string headers = Headers(ComposeMail({"a@b.c", "", "d@e.f", "id@x", 0}, message));
  EXPECT_THAT(headers, HasSubstr("Subject: =?UTF-8?B?"));
  EXPECT_THAT(headers, HasSubstr("?=\r\n =?UTF-8?B?"));  // long: folded into several words
  EXPECT_THAT(headers, Not(HasSubstr("Zürich")));
}

TEST(NotificationMail, SaysTheOutcomeCountsDurationCostAndLink) {
  const Message message =
      DescribeJob(Job("Clinic", "completed_with_warnings"), "https://backlog.example.com/");
  const std::string text = PlainText(message);
  EXPECT_THAT(text,
              HasSubstr("Generating the backlog of \u201CClinic\u201D finished with warnings"));
  EXPECT_THAT(text, HasSubstr("Items: 2 epics, 4 features, 8 user stories\n"));
  EXPECT_THAT(text, HasSubstr("Need review: 1\n"));
  EXPECT_THAT(text, HasSubstr("Duration: 2 min 5 s\n"));
  EXPECT_THAT(text, HasSubstr("LLM cost: $0.0123 (14 calls)\n"));
  EXPECT_THAT(text, HasSubstr("https://backlog.example.com/projects/prj_1"));

  const Message failed = DescribeJob(Job("Clinic", "failed"), "");
  EXPECT_TRUE(failed.failure);
  EXPECT_EQ(failed.subject, "Backlog generation failed: Clinic");
  EXPECT_TRUE(failed.link.empty());  // no PUBLIC_URL: no link rather than a wrong one
}

TEST(NotificationMail, AVisionOptimisedOutsideAProjectNamesNoProject) {
  store::JobFacts job = Job("");
  job.kind = "optimize_vision";
  job.project_id.clear();
  job.result.clear();
  const Message message = DescribeJob(job, "https://b.example");
  EXPECT_EQ(message.subject, "Vision optimisation done");
  EXPECT_EQ(message.headline, "Optimising your vision finished.");
  EXPECT_THAT(PlainText(message), Not(HasSubstr("Project:")));
  EXPECT_TRUE(message.link.empty());
}

TEST(NotificationMail, HtmlShowsUserTextAsText) {
  const std::string html = Html(DescribeJob(Job("<img src=x onerror=alert(1)> & \"q\""), ""));
  EXPECT_THAT(html, HasSubstr("&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot;"));
  EXPECT_THAT(html, Not(HasSubstr("<img")));
}

TEST(NotificationCard, IsATeamsMessageWithOneAdaptiveCard) {
  const nlohmann::json card = AdaptiveCard(DescribeJob(Job("Clinic", "failed"), "https://b.x"));
  EXPECT_EQ(card["type"], "message");
  ASSERT_EQ(card["attachments"].size(), 1u);
  const auto& content = card["attachments"][0]["content"];
  EXPECT_EQ(content["type"], "AdaptiveCard");
  EXPECT_EQ(content["body"][0]["color"], "Attention");
  EXPECT_EQ(content["body"][2]["type"], "FactSet");
  EXPECT_EQ(content["actions"][0]["url"], "https://b.x/projects/prj_1");
}

TEST(NotificationAddresses, OnlyPlainAddressesReachAnEnvelope) {
  EXPECT_TRUE(IsPlainAddress("ada@example.com"));
  EXPECT_TRUE(IsPlainAddress("ada+backlog@mail.example.com"));
  for (const char* bad :
       {"", "ada", "@example.com", "ada@", "a@b@c", "ada@example.com>", "<ada@example.com>",
        "ada @example.com", "ada@example.com\r\nRCPT", "ada@ex,ample.com"}) {
    EXPECT_FALSE(IsPlainAddress(bad)) << bad;
  }
}

TEST(PublicAddresses, LoopbackPrivateLinkLocalAndMappedOnesAreNot) {
  for (const char* inside :
       {"127.0.0.1", "10.0.0.8", "172.16.5.4", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1",
        "::ffff:10.0.0.1", "not an address"}) {
    EXPECT_FALSE(outbound::IsPublicAddress(inside)) << inside;
  }
  for (const char* outside :
       {"8.8.8.8", "52.96.0.1", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8"}) {
    EXPECT_TRUE(outbound::IsPublicAddress(outside)) << outside;
  }
}

TEST(WebhookUrls, MustBeHttpsPublicAndWithoutCredentials) {
  EXPECT_EQ(services::WebhookUrlProblem(
                "https://contoso.webhook.office.com/webhookb2/a@b/IncomingWebhook/c/d", false),
            "");
  EXPECT_NE(services::WebhookUrlProblem("http://hooks.example.com/x", false), "");
  EXPECT_EQ(services::WebhookUrlProblem("http://10.0.0.5:8080/hook", true), "");
  EXPECT_NE(services::WebhookUrlProblem("https://10.0.0.5/hook", false), "");
  EXPECT_NE(services::WebhookUrlProblem("https://LOCALHOST/hook", false), "");
  EXPECT_NE(services::WebhookUrlProblem("https://[fd00::1]/hook", false), "");
  EXPECT_NE(services::WebhookUrlProblem("https://u:p@hooks.example.com/x", false), "");
  EXPECT_NE(services::WebhookUrlProblem("https://hooks.example.com/a b", false), "");
  EXPECT_NE(services::WebhookUrlProblem("https:///x", false), "");
}

}  // namespace
}  // namespace notify
