#include "llm/llm_client.hpp"

#include <openssl/sha.h>
#include <spdlog/spdlog.h>

#include <random>

#include "json/bounded_parse.hpp"
#include "llm/json_extraction.hpp"
#include "llm/json_schema.hpp"

namespace llm {
namespace {

double Jitter() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(generator);
}

std::int64_t EstimateTokens(const std::vector<Message>& messages, int max_tokens) {
  std::size_t characters = 0;
  for (const auto& message : messages) characters += message.content.size();
  return static_cast<std::int64_t>(characters / 4) + max_tokens;
}

// The provider's own explanation, bounded, for errors the user should read.
struct ProviderError {
  std::string message;
  std::string type;
  std::string code;
};

ProviderError ParseProviderError(const std::string& body) {
  ProviderError error;
  const auto document = json::ParseBounded(body).value;
  if (document.is_discarded() || !document.is_object() || !document.contains("error")) return error;
  const auto& inner = document["error"];
  if (inner.is_string()) {
    error.message = inner.get<std::string>();
  } else if (inner.is_object()) {
    if (inner.contains("message") && inner["message"].is_string()) error.message = inner["message"];
    if (inner.contains("type") && inner["type"].is_string()) error.type = inner["type"];
    if (inner.contains("code") && inner["code"].is_string()) error.code = inner["code"];
  }
  if (error.message.size() > 300) error.message = error.message.substr(0, 300) + "...";
  return error;
}

std::string Hex(const unsigned char* data, std::size_t size) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (std::size_t i = 0; i < size; ++i) {
    text.push_back(kHex[data[i] >> 4]);
    text.push_back(kHex[data[i] & 0xF]);
  }
  return text;
}

std::string_view OutcomeName(LlmErrorKind kind) {
  switch (kind) {
    case LlmErrorKind::kAuthentication:
      return "authentication";
    case LlmErrorKind::kQuota:
      return "quota";
    case LlmErrorKind::kBadRequest:
      return "bad_request";
    case LlmErrorKind::kRateLimited:
      return "rate_limited";
    case LlmErrorKind::kUnavailable:
      return "unavailable";
    case LlmErrorKind::kTimeout:
      return "timeout";
    case LlmErrorKind::kConnection:
      return "connection";
    case LlmErrorKind::kCircuitOpen:
      return "circuit_open";
    case LlmErrorKind::kInvalidOutput:
      return "invalid_output";
    case LlmErrorKind::kTruncated:
      return "truncated";
    case LlmErrorKind::kCancelled:
      return "cancelled";
  }
  return "error";
}

}  // namespace

std::string CacheKey(const Endpoint& endpoint, const ChatRequest& request) {
  nlohmann::json key = {{"provider", ProviderName(endpoint.kind)},
                        {"base_url", endpoint.base_url},
                        {"model", request.model},
                        {"schema", request.schema}};
  auto& messages = key["messages"] = nlohmann::json::array();
  for (const auto& message : request.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  const std::string text = key.dump();
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return Hex(digest, sizeof digest);
}

LlmClient::LlmClient(ClientOptions options, outbound::Transport& transport, timing::Clock& clock,
                     UsageRecorder* usage, ResponseCache* cache, PriceTable prices)
    : options_(options),
      transport_(transport),
      clock_(clock),
      usage_(usage),
      cache_(cache),
      prices_(std::move(prices)) {}

LlmClient::EndpointState& LlmClient::StateOf(const Endpoint& endpoint) {
  std::lock_guard lock(mutex_);
  auto& state = endpoints_[endpoint.Key()];
  if (!state.limiter) {
    state.provider = endpoint.DisplayName();
    state.limiter = std::make_unique<EndpointLimiter>(options_.limits, clock_);
    state.breaker = std::make_unique<CircuitBreaker>(options_.breaker, clock_);
  }
  return state;
}

EndpointLimiter& LlmClient::Limiter(const Endpoint& endpoint) { return *StateOf(endpoint).limiter; }
CircuitBreaker& LlmClient::Breaker(const Endpoint& endpoint) { return *StateOf(endpoint).breaker; }

std::vector<EndpointStatus> LlmClient::Status() {
  std::lock_guard lock(mutex_);
  std::vector<EndpointStatus> status;
  for (auto& [key, state] : endpoints_) {
    status.push_back({state.provider, state.limiter->waits(), state.limiter->in_flight(),
                      state.breaker->state()});
  }
  return status;
}

outbound::HttpCall LlmClient::BuildCall(const Endpoint& endpoint, const ChatRequest& request,
                                        const std::vector<Message>& messages,
                                        int max_tokens) const {
  outbound::HttpCall call;
  call.connect_timeout = options_.connect_timeout;
  call.total_timeout = options_.call_timeout;
  call.cancelled = request.cancelled;
  call.headers = {"Content-Type: application/json", "Accept: application/json"};
  if (!endpoint.api_key.empty())
    call.headers.push_back("Authorization: Bearer " + endpoint.api_key);

  nlohmann::json wire_messages = nlohmann::json::array();
  for (const auto& message : messages) {
    wire_messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  const Dialect dialect = DialectFor(endpoint.kind, request.model);
  nlohmann::json body = {{"model", request.model}, {"messages", wire_messages}};
  if (endpoint.kind == ProviderKind::kOllama) {
    call.url = endpoint.base_url + "/api/chat";
    body["stream"] = false;
    body["format"] = request.schema;
    nlohmann::json options = {{"num_predict", max_tokens}};
    if (request.temperature) options["temperature"] = *request.temperature;
    body["options"] = options;
  } else {
    call.url = endpoint.base_url + "/chat/completions";
    body[dialect.max_completion_tokens ? "max_completion_tokens" : "max_tokens"] = max_tokens;
    if (request.temperature && dialect.temperature) body["temperature"] = *request.temperature;
    body["response_format"] = {
        {"type", "json_schema"},
        {"json_schema",
         {{"name", request.schema_name}, {"schema", request.schema}, {"strict", true}}}};
  }
  call.body = body.dump();
  return call;
}

void LlmClient::Wait(std::chrono::milliseconds duration, const std::atomic<bool>* cancelled) {
  if (!clock_.SleepUntil(clock_.Now() + duration, cancelled)) {
    throw LlmError(LlmErrorKind::kCancelled, "the call was cancelled");
  }
}

void LlmClient::Account(const Endpoint& endpoint, const ChatRequest& request,
                        const TokenUsage& usage, const std::string& model, std::string_view outcome,
                        std::int64_t latency_ms, ChatResult* result) {
  const auto cost = prices_.Cost(model.empty() ? request.model : model, usage.prompt_tokens,
                                 usage.completion_tokens);
  if (result) {
    result->usage.prompt_tokens += usage.prompt_tokens;
    result->usage.completion_tokens += usage.completion_tokens;
    if (cost) result->cost_usd = result->cost_usd.value_or(0) + *cost;
  }
  if (!usage_) return;
  usage_->Record({timing::UnixSeconds(clock_), std::string(ProviderName(endpoint.kind)),
                  model.empty() ? request.model : model, request.agent, request.job_id,
                  request.user_id, usage.prompt_tokens, usage.completion_tokens, cost,
                  std::string(outcome), latency_ms});
}

LlmClient::Completion LlmClient::Send(const Endpoint& endpoint, const ChatRequest& request,
                                      const std::vector<Message>& messages, int max_tokens,
                                      ChatResult& result) {
  EndpointState& state = StateOf(endpoint);
  const std::string name = endpoint.DisplayName();
  const outbound::HttpCall call = BuildCall(endpoint, request, messages, max_tokens);
  const std::int64_t estimate = EstimateTokens(messages, max_tokens);
  LlmErrorKind last_kind = LlmErrorKind::kUnavailable;
  std::string last_message;

  for (int attempt = 0; attempt < options_.retry.max_attempts; ++attempt) {
    if (!state.breaker->Allow()) {
      throw LlmError(LlmErrorKind::kCircuitOpen,
                     name + " has failed repeatedly; calls are paused for " +
                         std::to_string(state.breaker->RetryIn().count() / 1000 + 1) +
                         " s before a new try");
    }
    auto permit = state.limiter->Acquire(estimate, request.cancelled, request.priority);
    if (!permit) throw LlmError(LlmErrorKind::kCancelled, "the call was cancelled");
    const auto started = clock_.Now();
    ++result.http_attempts;
    const outbound::HttpReply reply = transport_.Send(call);
    const auto latency =
        std::chrono::duration_cast<std::chrono::milliseconds>(clock_.Now() - started).count();
    state.limiter->Observe(reply.headers);

    std::optional<std::chrono::milliseconds> wait;
    if (reply.failure == outbound::HttpReply::Failure::kCancelled) {
      throw LlmError(LlmErrorKind::kCancelled, "the call was cancelled");
    }
    if (reply.failure != outbound::HttpReply::Failure::kNone) {
      state.breaker->RecordFailure();
      const bool timeout = reply.failure == outbound::HttpReply::Failure::kTimeout;
      last_kind = timeout ? LlmErrorKind::kTimeout : LlmErrorKind::kConnection;
      last_message = timeout ? name + " did not answer within " +
                                   std::to_string(options_.call_timeout.count() / 1000) + " s"
                             : "could not reach " + name + " (the service's log has details)";
      // Where and why stay in the operator's log; the user's message names only the provider.
      spdlog::warn("{} call for {} could not connect: {}", name, request.agent,
                   reply.failure_detail);
      Account(endpoint, request, {}, request.model, OutcomeName(last_kind), latency, nullptr);
    } else if (reply.status >= 200 && reply.status < 300) {
      const auto document = json::ParseBounded(reply.body).value;
      Completion completion;
      bool parsed = false;
      if (!document.is_discarded() && document.is_object()) {
        if (endpoint.kind == ProviderKind::kOllama) {
          if (document.contains("message") && document["message"].is_object() &&
              document["message"].value("content", nlohmann::json()).is_string()) {
            completion.content = document["message"]["content"];
            completion.finish_reason = document.value("done_reason", "stop");
            completion.usage = {document.value("prompt_eval_count", std::int64_t{0}),
                                document.value("eval_count", std::int64_t{0})};
            completion.model = document.value("model", request.model);
            parsed = true;
          }
        } else if (document.contains("choices") && document["choices"].is_array() &&
                   !document["choices"].empty()) {
          const auto& choice = document["choices"][0];
          const auto& message = choice.value("message", nlohmann::json::object());
          if (message.contains("content") && message["content"].is_string()) {
            completion.content = message["content"];
          } else if (message.contains("refusal") && message["refusal"].is_string()) {
            state.breaker->RecordSuccess();
            throw LlmError(LlmErrorKind::kBadRequest,
                           name + " refused to answer: " + message["refusal"].get<std::string>());
          }
          completion.finish_reason =
              choice.value("finish_reason", nlohmann::json("stop")).is_string()
                  ? choice.value("finish_reason", std::string("stop"))
                  : "stop";
          if (document.contains("usage") && document["usage"].is_object()) {
            completion.usage = {document["usage"].value("prompt_tokens", std::int64_t{0}),
                                document["usage"].value("completion_tokens", std::int64_t{0})};
          }
          completion.model = document.value("model", request.model);
          parsed = true;
        }
      }
      if (parsed) {
        state.breaker->RecordSuccess();
        permit->RecordTokens(completion.usage.prompt_tokens + completion.usage.completion_tokens);
        Account(endpoint, request, completion.usage, completion.model, "ok", latency, &result);
        return completion;
      }
      state.breaker->RecordFailure();
      last_kind = LlmErrorKind::kUnavailable;
      last_message = name + " answered with a body that is not a chat completion";
    } else {
      const ProviderError error = ParseProviderError(reply.body);
      const auto should_retry = reply.headers.find("x-should-retry");
      const int status = static_cast<int>(reply.status);
      if (status == 401) {
        throw LlmError(LlmErrorKind::kAuthentication, "the " + name + " API key is invalid");
      }
      if (status == 403) {
        throw LlmError(LlmErrorKind::kAuthentication,
                       "the " + name + " API key may not use this model or region");
      }
      if (status == 429 &&
          (error.code == "insufficient_quota" || error.type == "insufficient_quota")) {
        throw LlmError(LlmErrorKind::kQuota,
                       "the " + name + " quota is exhausted; check the plan and billing");
      }
      const bool retryable = status == 408 || status == 409 || status == 429 || status >= 500;
      if (!retryable || (should_retry != reply.headers.end() && should_retry->second == "false")) {
        state.breaker->RecordSuccess();  // the endpoint works; the request is wrong
        if (status == 404) {
          throw LlmError(LlmErrorKind::kBadRequest,
                         "the model \"" + request.model + "\" is not available at " + name +
                             (error.message.empty() ? "" : ": " + error.message));
        }
        throw LlmError(LlmErrorKind::kBadRequest,
                       name + " refused the request (HTTP " + std::to_string(status) + ")" +
                           (error.message.empty() ? "" : ": " + error.message));
      }
      wait = ServerRequestedWait(reply.headers, clock_.WallNow());
      if (status == 429) {
        last_kind = LlmErrorKind::kRateLimited;
        last_message = name + " kept answering \"rate limit reached\"";
        // Everyone calling this endpoint waits, not only this call.
        state.limiter->PauseFor(wait.value_or(BackoffDelay(options_.retry, attempt, Jitter())));
      } else {
        state.breaker->RecordFailure();
        last_kind = LlmErrorKind::kUnavailable;
        last_message = name + " failed with HTTP " + std::to_string(status) +
                       (error.message.empty() ? "" : ": " + error.message);
      }
      Account(endpoint, request, {}, request.model, OutcomeName(last_kind), latency, nullptr);
    }
    if (attempt + 1 >= options_.retry.max_attempts) break;
    std::chrono::milliseconds delay = BackoffDelay(options_.retry, attempt, Jitter());
    if (wait && *wait > std::chrono::milliseconds(0)) {
      if (*wait > options_.retry.max_server_wait) {
        throw LlmError(last_kind, last_message + "; it asks to wait " +
                                      std::to_string(wait->count() / 1000) + " s");
      }
      delay = *wait;
    }
    spdlog::warn("{} call for {} failed ({}); retry {} of {} in {} ms", name, request.agent,
                 OutcomeName(last_kind), attempt + 1, options_.retry.max_attempts - 1,
                 delay.count());
    Wait(delay, request.cancelled);
  }
  throw LlmError(last_kind, last_message + " after " + std::to_string(options_.retry.max_attempts) +
                                " attempts");
}

ChatResult LlmClient::Complete(const Endpoint& endpoint, const ChatRequest& request) {
  // Before anything is sent: a schema that cannot be checked completely is a programming error.
  const JsonSchema schema = JsonSchema::Compile(request.schema);
  ChatResult result;
  std::string cache_key;
  if (cache_) {
    cache_key = CacheKey(endpoint, request);
    if (const auto cached = cache_->Find(cache_key)) {
      const auto extracted = ExtractJson(*cached);
      if (extracted && schema.Validate(extracted->value, 1).empty()) {
        result.value = extracted->value;
        result.model = request.model;
        result.from_cache = true;
        return result;
      }
    }
  }

  std::vector<Message> messages = request.messages;
  int max_tokens = request.max_tokens;
  for (;;) {
    const Completion completion = Send(endpoint, request, messages, max_tokens, result);
    result.model = completion.model;
    if (completion.finish_reason == "length") {
      if (result.truncation_retried || max_tokens >= options_.max_tokens_ceiling) {
        throw LlmError(LlmErrorKind::kTruncated,
                       "the reply was cut off at " + std::to_string(max_tokens) +
                           " tokens even after a retry with a larger limit; raise max_tokens "
                           "for the " +
                           request.agent + " agent");
      }
      spdlog::warn("{} reply for {} was cut off at {} tokens; asking again with {}",
                   endpoint.DisplayName(), request.agent, max_tokens,
                   std::min(max_tokens * 2, options_.max_tokens_ceiling));
      result.truncation_retried = true;
      max_tokens = std::min(max_tokens * 2, options_.max_tokens_ceiling);
      continue;
    }

    std::string problem;
    const auto extracted = ExtractJson(completion.content);
    if (!extracted) {
      problem = "The reply was not valid JSON.";
    } else {
      const auto violations = schema.Validate(extracted->value);
      if (violations.empty()) {
        result.value = extracted->value;
        result.extracted = extracted->source != JsonSource::kWhole;
        if (cache_) cache_->Store(cache_key, extracted->value.dump());
        return result;
      }
      problem = "The reply did not match the JSON schema:\n" + DescribeViolations(violations);
    }
    if (result.repaired) {
      throw LlmError(LlmErrorKind::kInvalidOutput,
                     "the model's reply for " + request.agent +
                         " did not match the expected structure even after a repair request: " +
                         problem.substr(0, 400));
    }
    spdlog::warn("{} reply for {} was not usable; asking once for a repair: {}",
                 endpoint.DisplayName(), request.agent, problem.substr(0, 200));
    result.repaired = true;
    messages.push_back({"assistant", completion.content});
    messages.push_back({"user", problem +
                                    "\nAnswer again with only the corrected JSON object, "
                                    "following the schema exactly. Do not add anything else."});
  }
}

}  // namespace llm
