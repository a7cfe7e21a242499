// The LLM client's parts: durations and waits from headers, backoff, prices, the breaker, model
// resolution, provider dialects, the order in which waiting calls get a slot, and the client's
// waits between attempts. Time is a ManualClock: nothing here sleeps.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "llm/endpoint_limiter.hpp"
#include "llm/llm_client.hpp"
#include "llm/model_config.hpp"
#include "llm/price_table.hpp"
#include "llm/provider.hpp"
#include "llm/retry_policy.hpp"
#include "support/manual_clock.hpp"

namespace llm {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using testing_support::ManualClock;
using Json = nlohmann::json;

const auto kAnyTime = std::chrono::system_clock::from_time_t(1'700'000'000);

TEST(RetryPolicy, ParsesGoDurations) {
  EXPECT_EQ(ParseGoDuration("12ms"), 12ms);
  EXPECT_EQ(ParseGoDuration("1s"), 1000ms);
  EXPECT_EQ(ParseGoDuration("1.5s"), 1500ms);
  EXPECT_EQ(ParseGoDuration("6m0s"), 360000ms);
  EXPECT_EQ(ParseGoDuration("1h2m3s"), 3723000ms);
  EXPECT_FALSE(ParseGoDuration("").has_value());
  EXPECT_FALSE(ParseGoDuration("10 seconds").has_value());
  EXPECT_FALSE(ParseGoDuration("-1s").has_value());
}

TEST(RetryPolicy, ReadsTheWaitTheServerAsksFor) {
  EXPECT_EQ(ServerRequestedWait({{"retry-after-ms", "1500"}, {"retry-after", "9"}}, kAnyTime),
            1500ms);
  EXPECT_EQ(ServerRequestedWait({{"retry-after", "20"}}, kAnyTime), 20000ms);
  const auto now = std::chrono::system_clock::from_time_t(784111777);  // Sun, 06 Nov 1994 08:49:37
  EXPECT_EQ(ServerRequestedWait({{"retry-after", "Sun, 06 Nov 1994 08:49:47 GMT"}}, now), 10000ms);
  EXPECT_EQ(ServerRequestedWait({{"x-ratelimit-remaining-requests", "0"},
                                 {"x-ratelimit-reset-requests", "2s"},
                                 {"x-ratelimit-remaining-tokens", "100"},
                                 {"x-ratelimit-reset-tokens", "9s"}},
                                kAnyTime),
            2000ms);
  EXPECT_FALSE(
      ServerRequestedWait(
          {{"x-ratelimit-remaining-requests", "5"}, {"x-ratelimit-reset-requests", "2s"}}, kAnyTime)
          .has_value());
}

TEST(RetryPolicy, BacksOffExponentiallyWithJitterAndACap) {
  RetryOptions options;
  EXPECT_EQ(BackoffDelay(options, 0, 0.0), 500ms);
  EXPECT_EQ(BackoffDelay(options, 1, 0.0), 1000ms);
  EXPECT_EQ(BackoffDelay(options, 2, 0.0), 2000ms);
  EXPECT_EQ(BackoffDelay(options, 10, 0.0), 8000ms);
  EXPECT_EQ(BackoffDelay(options, 1, 1.0), 750ms);  // at most 25 % shorter
}

TEST(PriceTable, EstimatesCostByLongestModelPrefix) {
  const PriceTable prices = PriceTable::Parse(
      R"({"models": {"gpt-4o": {"input_per_million": 2.5, "output_per_million": 10},
                     "gpt-4o-mini": {"input_per_million": 0.15, "output_per_million": 0.6}}})");
  EXPECT_NEAR(*prices.Cost("gpt-4o-mini-2024-07-18", 1'000'000, 1'000'000), 0.75, 1e-9);
  EXPECT_NEAR(*prices.Cost("gpt-4o", 2'000'000, 0), 5.0, 1e-9);
  EXPECT_FALSE(prices.Cost("claude", 10, 10).has_value());
  EXPECT_THROW(PriceTable::Parse(R"({"models": {"x": {"input_per_million": "cheap"}}})"),
               std::runtime_error);
}

TEST(CircuitBreaker, OpensAfterConsecutiveFailuresAndLetsOneProbeThrough) {
  ManualClock clock;
  CircuitBreaker breaker({3, 30s}, clock);
  breaker.RecordFailure();
  breaker.RecordFailure();
  breaker.RecordSuccess();  // a success resets the count
  breaker.RecordFailure();
  breaker.RecordFailure();
  EXPECT_TRUE(breaker.Allow());
  breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kOpen);
  EXPECT_FALSE(breaker.Allow());
  clock.Advance(31s);
  EXPECT_TRUE(breaker.Allow());   // the probe
  EXPECT_FALSE(breaker.Allow());  // only one at a time
  breaker.RecordFailure();        // the probe failed: open again for the full period
  EXPECT_FALSE(breaker.Allow());
  clock.Advance(31s);
  EXPECT_TRUE(breaker.Allow());
  breaker.RecordSuccess();
  EXPECT_EQ(breaker.state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(breaker.Allow());
}

TEST(ModelResolution, UserThenServerThenEnvironmentFieldByField) {
  const ResolvedModel environment{"openai", "gpt-4o-mini", 0.7, 4096};
  const ModelSettings server = ModelSettings::FromJson(Json::parse(R"({
      "defaults": {"model": "gpt-4.1-mini"},
      "agents": {"developer": {"max_tokens": 8000, "temperature": 0.2}}})"));
  const ModelSettings user = ModelSettings::FromJson(Json::parse(R"({
      "defaults": {"temperature": 0.5},
      "agents": {"developer": {"provider": "ollama", "model": "llama3.1"}}})"));
  const ResolvedModel developer = ResolveModel("developer", user, server, environment);
  EXPECT_EQ(developer.provider, "ollama");  // user's agent override
  EXPECT_EQ(developer.model, "llama3.1");   // user's agent override
  EXPECT_EQ(developer.temperature, 0.5);    // user's defaults beat the server's agent setting
  EXPECT_EQ(developer.max_tokens, 8000);    // server's agent setting
  const ResolvedModel epics = ResolveModel("epic_strategist", user, server, environment);
  EXPECT_EQ(epics.provider, "openai");     // environment
  EXPECT_EQ(epics.model, "gpt-4.1-mini");  // server defaults
  EXPECT_EQ(epics.max_tokens, 4096);       // environment
  const ResolvedModel plain = ResolveModel("developer", {}, {}, environment);
  EXPECT_EQ(plain.model, "gpt-4o-mini");
}

TEST(ModelResolution, SettingsAreValidatedNamingTheField) {
  const auto error_of = [](const char* text) {
    try {
      ModelSettings::FromJson(Json::parse(text));
    } catch (const std::invalid_argument& error) {
      return std::string(error.what());
    }
    return std::string();
  };
  EXPECT_THAT(error_of(R"({"defaults": {"provider": "acme"}})"), HasSubstr("defaults.provider"));
  EXPECT_THAT(error_of(R"({"defaults": {"temperature": 2.5}})"), HasSubstr("from 0 to 2"));
  EXPECT_THAT(error_of(R"({"agents": {"poet": {}}})"), HasSubstr("agents.poet is not an agent"));
  EXPECT_THAT(error_of(R"({"agents": {"developer": {"max_tokens": 5}}})"), HasSubstr("max_tokens"));
  EXPECT_THAT(error_of(R"({"colour": 1})"), HasSubstr("colour is not a setting"));
  EXPECT_EQ(error_of(R"({"defaults": {"model": "x", "provider": "grok"}})"), "");
}

TEST(ProviderDialects, FollowWhatEachProviderParses) {
  EXPECT_TRUE(DialectFor(ProviderKind::kOpenAI, "gpt-4o-mini").max_completion_tokens);
  EXPECT_TRUE(DialectFor(ProviderKind::kOpenAI, "gpt-4o-mini").temperature);
  EXPECT_FALSE(DialectFor(ProviderKind::kOpenAI, "o3-mini").temperature);
  EXPECT_FALSE(DialectFor(ProviderKind::kOllamaOpenAI, "llama3").max_completion_tokens);
  EXPECT_FALSE(DialectFor(ProviderKind::kCompatible, "qwen").max_completion_tokens);
  EXPECT_EQ(ParseProvider("ollama"), ProviderKind::kOllama);
  EXPECT_FALSE(ParseProvider("anthropic").has_value());
  EXPECT_EQ(Endpoint({ProviderKind::kOpenAI, "u", "sk-1"}).Key().find("sk-1"), std::string::npos);
}

}  // namespace
}  // namespace llm

namespace llm {
namespace {

// Starts a thread that waits for a slot, then records its name and gives the slot back.
std::thread Waiter(EndpointLimiter& limiter, int priority, std::string name,
                   std::vector<std::string>& order, std::mutex& order_mutex) {
  return std::thread([&limiter, priority, name, &order, &order_mutex] {
    auto permit = limiter.Acquire(10, nullptr, priority);
    std::lock_guard lock(order_mutex);
    order.push_back(name);
  });
}

TEST(EndpointLimiter, WaitingCallsGoByPriorityThenArrival) {
  ManualClock clock;
  EndpointLimiter limiter({1, 0, 0}, clock);
  std::vector<std::string> order;
  std::mutex order_mutex;
  std::vector<std::thread> threads;
  {
    auto held = limiter.Acquire(10, nullptr, 0);
    ASSERT_TRUE(held);
    // Each arrival is in line (waiting on the clock) before the next starts: a known order.
    threads.push_back(Waiter(limiter, 3, "leaf-1", order, order_mutex));
    ASSERT_TRUE(clock.AwaitWaiters(1));
    threads.push_back(Waiter(limiter, 3, "leaf-2", order, order_mutex));
    ASSERT_TRUE(clock.AwaitWaiters(2));
    threads.push_back(Waiter(limiter, 0, "epics", order, order_mutex));
    ASSERT_TRUE(clock.AwaitWaiters(3));
  }  // the held slot frees here
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(order, (std::vector<std::string>{"epics", "leaf-1", "leaf-2"}));
  EXPECT_EQ(limiter.max_in_flight_seen(), 1);
}

TEST(EndpointLimiter, ACancelledWaiterLeavesTheLine) {
  ManualClock clock;
  EndpointLimiter limiter({1, 0, 0}, clock);
  auto held = limiter.Acquire(10, nullptr, 0);
  std::atomic<bool> cancelled{false};
  std::atomic<bool> first_gave_up{false};
  std::thread first([&] { first_gave_up = !limiter.Acquire(10, &cancelled, 0).has_value(); });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  std::atomic<bool> second_got_it{false};
  std::thread second([&] { second_got_it = limiter.Acquire(10, nullptr, 5).has_value(); });
  ASSERT_TRUE(clock.AwaitWaiters(2));
  cancelled = true;
  clock.Advance(timing::Clock::kCancelPoll);  // when a waiter looks at its cancel flag
  first.join();
  EXPECT_TRUE(first_gave_up);
  held.reset();
  second.join();
  EXPECT_TRUE(second_got_it);
}

TEST(EndpointLimiter, TheRequestBudgetFreesAMinuteAfterTheOldestCall) {
  ManualClock clock;
  EndpointLimiter limiter({8, 2, 0}, clock);
  limiter.Acquire(10, nullptr);
  clock.Advance(10s);
  limiter.Acquire(10, nullptr);
  std::atomic<bool> third{false};
  std::thread waiter([&] { third = limiter.Acquire(10, nullptr).has_value(); });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  clock.Advance(49s);  // one second before the first call leaves the window
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_FALSE(third);
  clock.Advance(1s);
  waiter.join();
  EXPECT_TRUE(third);
  // Only the third call waited, for 50 s: what /metrics reports as limiter waits.
  EXPECT_EQ(limiter.waits().calls, 1u);
  EXPECT_DOUBLE_EQ(limiter.waits().seconds, 50.0);
}

TEST(EndpointLimiter, AnObservedExhaustedBudgetPausesUntilItsReset) {
  ManualClock clock;
  EndpointLimiter limiter({8, 0, 0}, clock);
  limiter.Observe({{"x-ratelimit-remaining-requests", "0"}, {"x-ratelimit-reset-requests", "2s"}});
  std::atomic<bool> admitted{false};
  std::thread waiter([&] { admitted = limiter.Acquire(10, nullptr).has_value(); });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(clock.NextDeadline(), clock.Now() + timing::Clock::kCancelPoll);
  clock.Advance(1900ms);
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_FALSE(admitted);
  clock.Advance(100ms);
  waiter.join();
  EXPECT_TRUE(admitted);
}

// A provider that answers from a script, and counts what it was asked.
class ScriptedTransport final : public outbound::Transport {
 public:
  explicit ScriptedTransport(std::vector<outbound::HttpReply> replies)
      : replies_(std::move(replies)) {}

  outbound::HttpReply Send(const outbound::HttpCall&) override {
    std::lock_guard lock(mutex_);
    const std::size_t index = std::min(calls_, replies_.size() - 1);
    ++calls_;
    return replies_[index];
  }
  std::size_t calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }

 private:
  std::mutex mutex_;
  std::vector<outbound::HttpReply> replies_;
  std::size_t calls_ = 0;
};

outbound::HttpReply Status(long status, std::map<std::string, std::string> headers = {}) {
  outbound::HttpReply reply;
  reply.status = status;
  reply.headers = std::move(headers);
  reply.body = R"({"error": {"message": "try later"}})";
  return reply;
}

outbound::HttpReply Answer() {
  outbound::HttpReply reply;
  reply.status = 200;
  reply.body = Json{{"model", "gpt-4o-mini"},
                    {"choices",
                     {{{"message", {{"content", R"({"ok": true})"}}}, {"finish_reason", "stop"}}}},
                    {"usage", {{"prompt_tokens", 10}, {"completion_tokens", 5}}}}
                   .dump();
  return reply;
}

ChatRequest OkRequest(const std::atomic<bool>* cancelled = nullptr) {
  ChatRequest request;
  request.messages = {{"user", "Say ok."}};
  request.schema_name = "ok";
  request.schema = {{"type", "object"},
                    {"properties", {{"ok", {{"type", "boolean"}}}}},
                    {"required", {"ok"}},
                    {"additionalProperties", false}};
  request.model = "gpt-4o-mini";
  request.agent = "test";
  request.cancelled = cancelled;
  return request;
}

const Endpoint kEndpoint{ProviderKind::kOpenAI, "http://provider.invalid/v1", "k"};

TEST(LlmClientWaits, TheNextAttemptWaitsExactlyAsLongAsTheServerAsks) {
  ManualClock clock;
  ScriptedTransport transport({Status(503, {{"retry-after-ms", "1500"}}), Answer()});
  LlmClient client({}, transport, clock);
  ChatResult result;
  std::thread call([&] { result = client.Complete(kEndpoint, OkRequest()); });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  EXPECT_EQ(clock.NextDeadline(), clock.Now() + 1500ms);
  clock.Advance(1499ms);
  EXPECT_EQ(transport.calls(), 1u);  // the call is still asleep: no second attempt yet
  clock.Advance(1ms);
  call.join();
  EXPECT_EQ(transport.calls(), 2u);
  EXPECT_EQ(result.http_attempts, 2);
  EXPECT_EQ(result.value, Json({{"ok", true}}));
}

TEST(LlmClientWaits, BackOffGrowsBetweenAttempts) {
  ManualClock clock;
  ScriptedTransport transport({Status(500), Status(500), Answer()});
  ClientOptions options;
  options.retry.base_delay = 1000ms;
  options.retry.max_delay = 60'000ms;
  LlmClient client(options, transport, clock);
  std::thread call([&] { client.Complete(kEndpoint, OkRequest()); });
  // With jitter, attempt n waits within [0.75, 1] x base x 2^n.
  for (const auto longest : {1000ms, 2000ms}) {
    ASSERT_TRUE(clock.AwaitWaiters(1));
    const auto delay = *clock.NextDeadline() - clock.Now();
    EXPECT_GE(delay, longest * 3 / 4);
    EXPECT_LE(delay, longest);
    clock.Advance(delay);
  }
  call.join();
  EXPECT_EQ(transport.calls(), 3u);
}

TEST(LlmClientWaits, CancellingDuringTheBackOffStopsTheCall) {
  ManualClock clock;
  ScriptedTransport transport({Status(500), Answer()});
  LlmClient client({}, transport, clock);
  std::atomic<bool> cancelled{false};
  std::optional<LlmErrorKind> failure;
  std::thread call([&] {
    try {
      client.Complete(kEndpoint, OkRequest(&cancelled));
    } catch (const LlmError& error) {
      failure = error.kind();
    }
  });
  ASSERT_TRUE(clock.AwaitWaiters(1));
  cancelled = true;
  clock.Advance(timing::Clock::kCancelPoll);
  call.join();
  EXPECT_EQ(failure, LlmErrorKind::kCancelled);
  EXPECT_EQ(transport.calls(), 1u);
}

TEST(LlmClientWaits, ASchemaOutsideTheSupportedSubsetFailsBeforeAnyCall) {
  ManualClock clock;
  ScriptedTransport transport({Answer()});
  LlmClient client({}, transport, clock);
  ChatRequest request = OkRequest();
  request.schema["properties"]["ok"]["const"] = true;
  EXPECT_THROW(client.Complete(kEndpoint, request), std::invalid_argument);
  EXPECT_EQ(transport.calls(), 0u);
}

}  // namespace
}  // namespace llm
