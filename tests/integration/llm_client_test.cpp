// The LLM client against the emulator over real HTTP: structured output, every retry rule and
// every non-retried error, repair and extraction, truncation, limits, the breaker, cancellation,
// Ollama's native API, the cache, and keys that never reach the log.
#include "llm/llm_client.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>

#include "outbound/http_transport.hpp"
#include "support/fake_llm.hpp"
#include "support/manual_clock.hpp"
#include "support/redis_server.hpp"
#include "timing/clock.hpp"

namespace testing_support {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using Json = nlohmann::json;
using namespace std::chrono_literals;

const Json kStorySchema = Json::parse(R"({
  "type": "object",
  "additionalProperties": false,
  "required": ["stories"],
  "properties": {
    "stories": {
      "type": "array", "minItems": 2, "maxItems": 4,
      "items": {
        "type": "object",
        "additionalProperties": false,
        "required": ["title", "user_story", "acceptance_criteria", "story_points", "priority"],
        "properties": {
          "title": {"type": "string"},
          "user_story": {"type": "string"},
          "acceptance_criteria": {"type": "array", "minItems": 3, "maxItems": 7,
                                  "items": {"type": "string"}},
          "story_points": {"type": "integer", "enum": [1, 2, 3, 5, 8, 13]},
          "priority": {"type": "string", "enum": ["High", "Medium", "Low"]}
        }
      }
    }
  }
})");

class RecordingUsage final : public llm::UsageRecorder {
 public:
  void Record(const llm::CallRecord& record) override {
    std::lock_guard lock(mutex_);
    records.push_back(record);
  }
  std::vector<llm::CallRecord> records;

 private:
  std::mutex mutex_;
};

class MemoryCache final : public llm::ResponseCache {
 public:
  std::optional<std::string> Find(const std::string& key) override {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void Store(const std::string& key, const std::string& content) override {
    std::lock_guard lock(mutex_);
    entries_[key] = content;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::string> entries_;
};

llm::ChatRequest StoryRequest(std::string vision = "a Clinic appointment booking app") {
  llm::ChatRequest request;
  request.messages = {{"system", "You write user stories as JSON."},
                      {"user", "Write user stories for the feature Online Booking of " + vision}};
  request.schema_name = "user_stories";
  request.schema = kStorySchema;
  request.model = "gpt-4o-mini";
  request.temperature = 0.2;
  request.max_tokens = 2048;
  request.agent = "story_decomposer";
  request.job_id = "job-1";
  request.user_id = 7;
  return request;
}

llm::ClientOptions FastOptions() {
  llm::ClientOptions options;
  options.retry.base_delay = 20ms;
  options.retry.max_delay = 200ms;
  options.retry.max_attempts = 4;
  options.call_timeout = 5s;
  options.connect_timeout = 2s;
  options.limits.max_in_flight = 8;
  return options;
}

class LlmClientTest : public ::testing::Test {
 protected:
  llm::Endpoint OpenAi(std::string key = "sk-test-key") const {
    return {llm::ProviderKind::kOpenAI, fake_.base_url(), std::move(key)};
  }

  FakeLlm fake_;
  outbound::CurlTransport transport_;
  // Real time where a real HTTP call's timeout or a short back-off is part of what runs; the
  // tests about waiting (budgets, pauses, the breaker) use a ManualClock.
  timing::SystemClock clock_;
  RecordingUsage usage_;
};

TEST_F(LlmClientTest, AStructuredCallFollowsTheSchemaAndIsAccounted) {
  llm::LlmClient client(
      FastOptions(), transport_, clock_, &usage_, nullptr,
      llm::PriceTable::Parse(
          R"({"models":{"gpt-4o-mini":{"input_per_million":1,"output_per_million":2}}})"));
  const llm::ChatResult result = client.Complete(OpenAi(), StoryRequest());
  ASSERT_TRUE(result.value.contains("stories"));
  EXPECT_GE(result.value["stories"].size(), 2u);
  EXPECT_THAT(result.value.dump(), HasSubstr("Clinic"));  // the prompt shows in the content
  EXPECT_EQ(result.http_attempts, 1);
  EXPECT_FALSE(result.repaired);
  EXPECT_GT(result.usage.prompt_tokens, 0);
  EXPECT_GT(result.usage.completion_tokens, 0);
  ASSERT_TRUE(result.cost_usd.has_value());
  EXPECT_NEAR(*result.cost_usd,
              (result.usage.prompt_tokens * 1.0 + result.usage.completion_tokens * 2.0) / 1e6,
              1e-12);
  ASSERT_EQ(usage_.records.size(), 1u);
  EXPECT_EQ(usage_.records[0].agent, "story_decomposer");
  EXPECT_EQ(usage_.records[0].job_id, "job-1");
  EXPECT_EQ(usage_.records[0].user_id, 7);
  EXPECT_EQ(usage_.records[0].outcome, "ok");

  // The request carried the schema as Structured Outputs.
  const Json request = fake_.Log()["requests"][0];
  EXPECT_EQ(request["schema_name"], "user_stories");
}

TEST_F(LlmClientTest, RetryableFailuresAreRetriedAndSucceed) {
  llm::LlmClient client(FastOptions(), transport_, clock_);
  for (const char* fault : {"rate_limit", "server_error", "unavailable"}) {
    fake_.Reset();
    fake_.Force(fault, 2);
    const llm::ChatResult result = client.Complete(OpenAi(), StoryRequest());
    EXPECT_EQ(result.http_attempts, 3) << fault;
    EXPECT_EQ(fake_.ChatRequests(), 3) << fault;
  }
}

TEST_F(LlmClientTest, ATimeoutIsRetried) {
  llm::ClientOptions options = FastOptions();
  options.call_timeout = 1s;
  llm::LlmClient client(options, transport_, clock_);
  fake_.Force("hang", 1);
  const llm::ChatResult result = client.Complete(OpenAi(), StoryRequest());
  EXPECT_EQ(result.http_attempts, 2);
}

TEST_F(LlmClientTest, FailuresARetryCannotFixAreNotRetriedAndSayWhatIsWrong) {
  llm::LlmClient client(FastOptions(), transport_, clock_);
  const auto expect_error = [&](const char* fault, llm::LlmErrorKind kind, const char* words) {
    fake_.Reset();
    fake_.Force(fault, 5);
    try {
      client.Complete(OpenAi("sk-secret-value-123"), StoryRequest());
      ADD_FAILURE() << fault << " did not fail";
    } catch (const llm::LlmError& error) {
      EXPECT_EQ(error.kind(), kind) << fault;
      EXPECT_THAT(error.what(), HasSubstr(words)) << fault;
      EXPECT_THAT(error.what(), Not(HasSubstr("sk-secret"))) << fault;
    }
    EXPECT_EQ(fake_.ChatRequests(), 1) << fault;
  };
  expect_error("quota", llm::LlmErrorKind::kQuota, "the OpenAI quota is exhausted");
  expect_error("unauthorized", llm::LlmErrorKind::kAuthentication, "the OpenAI API key is invalid");

  fake_.Reset();
  llm::ChatRequest bad = StoryRequest();
  bad.temperature = 3.5;  // out of range: a 400 from the server
  try {
    client.Complete(OpenAi(), bad);
    ADD_FAILURE() << "a 400 did not fail";
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kBadRequest);
    EXPECT_THAT(error.what(), HasSubstr("refused the request (HTTP 400)"));
  }
  EXPECT_EQ(fake_.ChatRequests(), 1);
}

TEST_F(LlmClientTest, RetriesGiveUpWithAClearError) {
  llm::ClientOptions options = FastOptions();
  options.retry.max_attempts = 3;
  llm::LlmClient client(options, transport_, clock_);
  fake_.Force("server_error", 10);
  try {
    client.Complete(OpenAi(), StoryRequest());
    FAIL();
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kUnavailable);
    EXPECT_THAT(error.what(), HasSubstr("after 3 attempts"));
  }
  EXPECT_EQ(fake_.ChatRequests(), 3);

  // Nothing listening at all.
  llm::LlmClient unreachable(options, transport_, clock_);
  try {
    unreachable.Complete({llm::ProviderKind::kOpenAI,
                          "http://127.0.0.1:" + std::to_string(FreeLoopbackPort()) + "/v1", "k"},
                         StoryRequest());
    FAIL();
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kConnection);
    EXPECT_THAT(error.what(), HasSubstr("could not reach OpenAI"));
  }
}

TEST_F(LlmClientTest, WrappedJsonIsExtractedWithoutAnotherCall) {
  llm::LlmClient client(FastOptions(), transport_, clock_);
  for (const char* fault : {"prose", "fenced"}) {
    fake_.Reset();
    fake_.Force(fault, 1);
    const llm::ChatResult result = client.Complete(OpenAi(), StoryRequest());
    EXPECT_TRUE(result.extracted) << fault;
    EXPECT_FALSE(result.repaired) << fault;
    EXPECT_EQ(fake_.ChatRequests(), 1) << fault;
  }
}

TEST_F(LlmClientTest, ABrokenReplyGetsOneRepairCallQuotingTheProblem) {
  llm::LlmClient client(FastOptions(), transport_, clock_);
  fake_.Force("malformed", 1);
  const llm::ChatResult result = client.Complete(OpenAi(), StoryRequest());
  EXPECT_TRUE(result.repaired);
  EXPECT_EQ(fake_.ChatRequests(), 2);

  fake_.Reset();
  fake_.Force("malformed", 2);
  try {
    client.Complete(OpenAi(), StoryRequest());
    FAIL();
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kInvalidOutput);
    EXPECT_THAT(error.what(), HasSubstr("even after a repair request"));
  }
  EXPECT_EQ(fake_.ChatRequests(), 2);  // exactly one repair, never a loop
}

TEST_F(LlmClientTest, ATruncatedReplyIsAskedAgainWithALargerLimitOnce) {
  llm::LlmClient client(FastOptions(), transport_, clock_);
  fake_.Force("truncate", 1);
  const llm::ChatResult result = client.Complete(OpenAi(), StoryRequest());
  EXPECT_TRUE(result.truncation_retried);
  EXPECT_EQ(fake_.ChatRequests(), 2);

  // A real cut at a tiny limit: reported as truncation after the one retry.
  fake_.Reset();
  llm::ChatRequest tiny = StoryRequest();
  tiny.max_tokens = 16;
  llm::ClientOptions options = FastOptions();
  options.max_tokens_ceiling = 32;
  llm::LlmClient small(options, transport_, clock_);
  try {
    small.Complete(OpenAi(), tiny);
    FAIL();
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kTruncated);
    EXPECT_THAT(error.what(), HasSubstr("cut off"));
  }
}

TEST_F(LlmClientTest, TheInFlightBoundHoldsForEveryThread) {
  fake_.Configure({{"latency_ms", 100}});
  llm::ClientOptions options = FastOptions();
  options.limits.max_in_flight = 4;
  llm::LlmClient client(options, transport_, clock_);
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      client.Complete(OpenAi(), StoryRequest("project " + std::to_string(i)));
      ++done;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 16);
  EXPECT_EQ(fake_.ChatRequests(), 16);
  EXPECT_LE(fake_.Log()["max_in_flight"].get<int>(), 4);
  EXPECT_EQ(client.Limiter(OpenAi()).max_in_flight_seen(), 4);
}

TEST_F(LlmClientTest, TheRequestBudgetIsRespectedAcrossCalls) {
  llm::ClientOptions options = FastOptions();
  options.limits.requests_per_minute = 3;
  ManualClock clock;
  llm::LlmClient client(options, transport_, clock);
  for (int i = 0; i < 3; ++i) client.Complete(OpenAi(), StoryRequest());
  // A fourth call waits for the minute to pass.
  std::thread fourth([&] { client.Complete(OpenAi(), StoryRequest()); });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(fake_.ChatRequests(), 3);
  clock.Advance(60s);
  fourth.join();
  EXPECT_EQ(fake_.ChatRequests(), 4);
}

TEST_F(LlmClientTest, ProviderHeadersSayingTheBudgetIsSpentPauseEveryCaller) {
  fake_.Configure({{"rpm", 2}});
  ManualClock clock;
  llm::LlmClient client(FastOptions(), transport_, clock);
  client.Complete(OpenAi(), StoryRequest());
  client.Complete(OpenAi(), StoryRequest());  // remaining-requests is now 0
  std::atomic<bool> cancelled{false};
  llm::ChatRequest third = StoryRequest();
  third.cancelled = &cancelled;
  std::optional<llm::LlmErrorKind> failure;
  std::thread caller([&] {
    try {
      client.Complete(OpenAi(), third);
    } catch (const llm::LlmError& error) {
      failure = error.kind();
    }
  });
  ASSERT_TRUE(clock.AwaitWaiters(1));  // held back before sending anything
  cancelled = true;
  clock.Advance(timing::Clock::kCancelPoll);
  caller.join();
  EXPECT_EQ(failure, llm::LlmErrorKind::kCancelled);
  EXPECT_EQ(fake_.ChatRequests(), 2);  // no request was wasted on a known 429
}

TEST_F(LlmClientTest, TheBreakerOpensAfterRepeatedOutagesAndRecoversThroughAProbe) {
  llm::ClientOptions options = FastOptions();
  options.retry.max_attempts = 1;
  options.breaker = {3, 400ms};
  ManualClock clock;
  llm::LlmClient client(options, transport_, clock);
  fake_.Force("server_error", 3);
  for (int i = 0; i < 3; ++i)
    EXPECT_THROW(client.Complete(OpenAi(), StoryRequest()), llm::LlmError);
  try {
    client.Complete(OpenAi(), StoryRequest());
    FAIL();
  } catch (const llm::LlmError& error) {
    EXPECT_EQ(error.kind(), llm::LlmErrorKind::kCircuitOpen);
  }
  EXPECT_EQ(fake_.ChatRequests(), 3);  // the open breaker sent nothing
  EXPECT_EQ(client.Breaker(OpenAi()).state(), llm::CircuitBreaker::State::kOpen);
  clock.Advance(399ms);
  EXPECT_THROW(client.Complete(OpenAi(), StoryRequest()), llm::LlmError);
  EXPECT_EQ(fake_.ChatRequests(), 3);
  clock.Advance(1ms);
  EXPECT_NO_THROW(client.Complete(OpenAi(), StoryRequest()));
  EXPECT_EQ(client.Breaker(OpenAi()).state(), llm::CircuitBreaker::State::kClosed);
}

TEST_F(LlmClientTest, CancellingTheJobStopsAHangingCallPromptly) {
  llm::ClientOptions options = FastOptions();
  options.call_timeout = 60s;
  llm::LlmClient client(options, transport_, clock_);
  fake_.Force("hang", 1);
  std::atomic<bool> cancelled{false};
  llm::ChatRequest request = StoryRequest();
  request.cancelled = &cancelled;
  std::optional<llm::LlmErrorKind> failure;
  std::thread caller([&] {
    try {
      client.Complete(OpenAi(), request);
    } catch (const llm::LlmError& error) {
      failure = error.kind();
    }
  });
  // Cancel once the emulator holds the request, so the call is aborted mid-flight.
  while (fake_.ChatRequests() == 0) {
  }
  // Real time on purpose: what is tested is how fast a real HTTP call stops, not a wait.
  const auto cancelled_at = std::chrono::steady_clock::now();
  cancelled = true;
  caller.join();
  EXPECT_EQ(failure, llm::LlmErrorKind::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - cancelled_at, 5s);
}

TEST_F(LlmClientTest, OllamasNativeApiGetsTheSchemaAsFormat) {
  llm::LlmClient client(FastOptions(), transport_, clock_);
  const llm::ChatResult result =
      client.Complete({llm::ProviderKind::kOllama, fake_.ollama_url(), ""}, StoryRequest());
  EXPECT_GE(result.value["stories"].size(), 2u);
  EXPECT_EQ(fake_.Log()["by_route"]["/api/chat"], 1);
}

TEST_F(LlmClientTest, IdenticalCallsAreReplayedFromTheCache) {
  MemoryCache cache;
  llm::LlmClient client(FastOptions(), transport_, clock_, nullptr, &cache);
  const llm::ChatResult first = client.Complete(OpenAi(), StoryRequest());
  const llm::ChatResult second = client.Complete(OpenAi(), StoryRequest());
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(first.value, second.value);
  EXPECT_EQ(fake_.ChatRequests(), 1);
  client.Complete(OpenAi(), StoryRequest("another vision"));
  EXPECT_EQ(fake_.ChatRequests(), 2);
}

TEST_F(LlmClientTest, KeysNeverReachTheLog) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  auto logger = std::make_shared<spdlog::logger>("capture", sink);
  auto previous = spdlog::default_logger();
  spdlog::set_default_logger(logger);
  llm::LlmClient client(FastOptions(), transport_, clock_);
  const std::string key = "sk-live-MUST-NOT-LEAK-42";
  fake_.Force("rate_limit", 1);
  client.Complete(OpenAi(key), StoryRequest());
  fake_.Force("unauthorized", 1);
  EXPECT_THROW(client.Complete(OpenAi(key), StoryRequest()), llm::LlmError);
  fake_.Force("malformed", 1);
  client.Complete(OpenAi(key), StoryRequest());
  spdlog::set_default_logger(previous);
  EXPECT_FALSE(captured.str().empty());  // the retries and the repair were logged...
  EXPECT_THAT(captured.str(), Not(HasSubstr("MUST-NOT-LEAK")));  // ...without the key
}

}  // namespace
}  // namespace testing_support
