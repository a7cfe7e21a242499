#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "llm/endpoint_limiter.hpp"
#include "llm/llm_error.hpp"
#include "llm/price_table.hpp"
#include "llm/provider.hpp"
#include "llm/retry_policy.hpp"
#include "llm/usage.hpp"
#include "outbound/http_transport.hpp"
#include "timing/clock.hpp"

namespace llm {

struct Message {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

// One structured call: the messages, the JSON schema the answer must follow, and whom it is for.
struct ChatRequest {
  std::vector<Message> messages;
  std::string schema_name;  // [a-zA-Z0-9_-]{1,64}, as OpenAI requires
  nlohmann::json schema;    // of the subset llm::JsonSchema checks
  std::string model;
  std::optional<double> temperature;
  int max_tokens = 4096;
  std::string agent;  // for accounting and logs
  std::string job_id;
  std::int64_t user_id = 0;
  const std::atomic<bool>* cancelled = nullptr;  // the owning job's cancel flag
  // Among calls waiting for a slot of the endpoint, lower numbers go first (then the earliest):
  // a job's upper levels unlock the most work, so they should not queue behind its leaves.
  int priority = 0;
};

struct TokenUsage {
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
};

struct ChatResult {
  nlohmann::json value;  // valid against the request's schema
  TokenUsage usage;      // summed over every HTTP attempt of this call
  std::optional<double> cost_usd;
  std::string model;  // as the provider reported it
  int http_attempts = 0;
  bool extracted = false;           // the JSON was wrapped in prose or a code fence
  bool repaired = false;            // a second call fixed a reply that broke the schema
  bool truncation_retried = false;  // a reply cut at the token limit was asked again with more
  bool from_cache = false;
};

// One endpoint's limiter and breaker as /metrics shows them: by provider name, never a URL.
struct EndpointStatus {
  std::string provider;
  EndpointLimiter::Waits waits;
  int in_flight = 0;
  CircuitBreaker::State breaker = CircuitBreaker::State::kClosed;
};

struct ClientOptions {
  RetryOptions retry;
  LimiterOptions limits;  // per endpoint
  BreakerOptions breaker;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds call_timeout{180'000};
  int max_tokens_ceiling = 32'768;  // a truncated reply is retried with at most this many
};

// Calls OpenAI-compatible providers and Ollama with structured output. Every call runs at the
// endpoint's limits (shared by every job), retries what a retry can fix, validates the reply
// against the schema, extracts JSON wrapped in prose, makes one repair call for a reply that
// breaks the schema, retries a truncated reply once with a larger limit, and records tokens and
// cost. Never invents content. Safe to use from many threads.
class LlmClient {
 public:
  // Limits, back-off and the breaker run on `clock`; it and `transport` must outlive the client.
  LlmClient(ClientOptions options, outbound::Transport& transport, timing::Clock& clock,
            UsageRecorder* usage = nullptr, ResponseCache* cache = nullptr, PriceTable prices = {});

  // Throws LlmError (with a message for the user) when the call cannot produce valid JSON, and
  // std::invalid_argument, before any call, when the request's schema is outside what JsonSchema
  // supports.
  ChatResult Complete(const Endpoint& endpoint, const ChatRequest& request);

  // The shared limiter and breaker of an endpoint (created on first use).
  EndpointLimiter& Limiter(const Endpoint& endpoint);
  CircuitBreaker& Breaker(const Endpoint& endpoint);
  // Every endpoint used so far.
  std::vector<EndpointStatus> Status();

 private:
  struct Completion {
    std::string content;
    std::string finish_reason;
    TokenUsage usage;
    std::string model;
  };
  struct EndpointState {
    std::string provider;  // the display name
    std::unique_ptr<EndpointLimiter> limiter;
    std::unique_ptr<CircuitBreaker> breaker;
  };

  EndpointState& StateOf(const Endpoint& endpoint);
  // One model answer, with the retries, limits and breaker around the HTTP calls.
  Completion Send(const Endpoint& endpoint, const ChatRequest& request,
                  const std::vector<Message>& messages, int max_tokens, ChatResult& result);
  outbound::HttpCall BuildCall(const Endpoint& endpoint, const ChatRequest& request,
                               const std::vector<Message>& messages, int max_tokens) const;
  void Account(const Endpoint& endpoint, const ChatRequest& request, const TokenUsage& usage,
               const std::string& model, std::string_view outcome, std::int64_t latency_ms,
               ChatResult* result);
  void Wait(std::chrono::milliseconds duration, const std::atomic<bool>* cancelled);

  ClientOptions options_;
  outbound::Transport& transport_;
  timing::Clock& clock_;
  UsageRecorder* usage_;
  ResponseCache* cache_;
  PriceTable prices_;
  std::mutex mutex_;
  std::map<std::string, EndpointState> endpoints_;
};

// The cache key of a call: provider, base URL, model, messages and schema.
std::string CacheKey(const Endpoint& endpoint, const ChatRequest& request);

}  // namespace llm
