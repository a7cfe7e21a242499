#include "tracker/ado_client.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <utility>

#include "json/bounded_parse.hpp"

namespace tracker {
namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned value = (static_cast<unsigned char>(bytes[i]) << 16) |
                           (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                           static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(value >> 18) & 63];
    out += kAlphabet[(value >> 12) & 63];
    out += kAlphabet[(value >> 6) & 63];
    out += kAlphabet[value & 63];
  }
  if (i < bytes.size()) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(value >> 18) & 63];
    out += kAlphabet[(value >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(value >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string Header(const outbound::HttpReply& reply, const std::string& name) {
  const auto found = reply.headers.find(name);
  return found == reply.headers.end() ? std::string() : found->second;
}

// Retry-After as seconds (only the delta form is sent by Azure DevOps).
std::optional<double> RetryAfterSeconds(const outbound::HttpReply& reply) {
  const std::string value = Header(reply, "retry-after");
  if (value.empty()) return std::nullopt;
  double seconds = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
  if (error != std::errc() || seconds < 0) return std::nullopt;
  return seconds;
}

bool IsJson(const outbound::HttpReply& reply) {
  return Header(reply, "content-type").find("json") != std::string::npos;
}

std::string FailureText(const outbound::HttpReply& reply) {
  switch (reply.failure) {
    case outbound::HttpReply::Failure::kTimeout:
      return "Azure DevOps did not answer in time";
    case outbound::HttpReply::Failure::kConnection:
      return "could not reach Azure DevOps (the connection failed or was reset)";
    default:
      return "the request to Azure DevOps failed";
  }
}

}  // namespace

std::string EncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xF];
    }
  }
  return out;
}

AdoClient::AdoClient(outbound::Transport& transport, AdoConnection connection,
                     AdoClientOptions options, timing::Clock& clock,
                     const std::atomic<bool>* cancelled)
    : transport_(transport),
      connection_(std::move(connection)),
      options_(std::move(options)),
      clock_(clock),
      cancelled_(cancelled),
      authorization_("Authorization: Basic " + Base64(":" + connection_.pat)) {
  while (!connection_.organization_url.empty() && connection_.organization_url.back() == '/') {
    connection_.organization_url.pop_back();
  }
}

std::string AdoClient::ProjectPath() const { return "/" + EncodeComponent(connection_.project); }

std::string AdoClient::WorkItemUrl(std::int64_t id) const {
  return connection_.organization_url + "/_apis/wit/workItems/" + std::to_string(id);
}

std::string AdoClient::WorkItemWebUrl(std::int64_t id) const {
  return connection_.organization_url + ProjectPath() + "/_workitems/edit/" + std::to_string(id);
}

bool AdoClient::Wait(std::chrono::milliseconds duration) {
  return clock_.SleepUntil(clock_.Now() + duration, cancelled_);
}

AdoReply AdoClient::Classify(const outbound::HttpReply& reply) const {
  AdoReply result;
  result.status = reply.status;
  if (!reply.body.empty() && IsJson(reply)) {
    result.body = json::ParseOrNull(reply.body);
  }
  if (result.body.is_object()) {
    result.message = result.body.value("message", "");
    result.type_key = result.body.value("typeKey", "");
  }
  // A bad PAT: 401, or (without the suppress header honoured) a 203 sign-in page; any 2xx that
  // is not JSON is the same page.
  if (reply.status == 401 || reply.status == 203 ||
      (reply.status >= 200 && reply.status < 300 && !reply.body.empty() && !IsJson(reply))) {
    result.outcome = AdoReply::Outcome::kUnauthorized;
    if (result.message.empty()) result.message = "Azure DevOps refused the personal access token";
    return result;
  }
  if (reply.status >= 200 && reply.status < 300) {
    result.outcome = AdoReply::Outcome::kOk;
  } else if (reply.status >= 500) {
    result.outcome = AdoReply::Outcome::kUncertain;
    if (result.message.empty()) {
      result.message = "Azure DevOps answered " + std::to_string(reply.status);
    }
  } else {
    result.outcome = AdoReply::Outcome::kRejected;
    if (result.message.empty()) {
      result.message = "Azure DevOps refused the request (" + std::to_string(reply.status) + ")";
    }
  }
  return result;
}

AdoReply AdoClient::Send(std::string_view method, std::string_view path, const nlohmann::json& body,
                         Effect effect, std::string_view api_version,
                         std::string_view content_type) {
  outbound::HttpCall call;
  call.method = std::string(method);
  call.url = connection_.organization_url + std::string(path) +
             (path.find('?') == std::string_view::npos ? "?" : "&") +
             "api-version=" + std::string(api_version.empty() ? options_.api_version : api_version);
  call.headers = {authorization_, "X-TFS-FedAuthRedirect: Suppress", "Accept: application/json"};
  if (!body.is_null()) {
    call.headers.push_back("Content-Type: " + std::string(content_type));
    call.body = body.dump();
  }
  call.connect_timeout =
      std::min<std::chrono::milliseconds>(options_.request_timeout, std::chrono::seconds(10));
  call.total_timeout = options_.request_timeout;
  call.cancelled = cancelled_;
  call.fresh_connection = effect == Effect::kWrite;

  int throttle_waits = 0;
  int read_retries = 0;
  for (;;) {
    if (clock_.Now() < not_before_ && !clock_.SleepUntil(not_before_, cancelled_)) {
      return {AdoReply::Outcome::kCancelled, 0, nullptr, "cancelled", ""};
    }
    if (cancelled_ != nullptr && cancelled_->load()) {
      return {AdoReply::Outcome::kCancelled, 0, nullptr, "cancelled", ""};
    }
    ++requests_sent_;
    const outbound::HttpReply reply = transport_.Send(call);
    if (reply.failure == outbound::HttpReply::Failure::kCancelled) {
      return {AdoReply::Outcome::kCancelled, 0, nullptr, "cancelled", ""};
    }
    const auto backoff = [&](int attempt) {
      return std::chrono::milliseconds(std::min(30'000, 500 << std::min(attempt, 6)));
    };
    if (reply.failure != outbound::HttpReply::Failure::kNone) {
      spdlog::warn("azure devops: {} {}: {} ({})", call.method, path.substr(0, path.find('?')),
                   FailureText(reply), reply.failure_detail);
      if (effect == Effect::kRead && read_retries < options_.max_read_retries) {
        if (!Wait(backoff(read_retries++))) {
          return {AdoReply::Outcome::kCancelled, 0, nullptr, "cancelled", ""};
        }
        continue;
      }
      return {AdoReply::Outcome::kUncertain, 0, nullptr, FailureText(reply), ""};
    }
    const std::optional<double> retry_after = RetryAfterSeconds(reply);
    if (retry_after) {
      const auto wait = std::min<std::chrono::milliseconds>(
          std::chrono::milliseconds(static_cast<std::int64_t>(*retry_after * 1000)),
          options_.longest_wait);
      not_before_ = clock_.Now() + wait;
    }
    if (reply.status == 429) {
      // Blocked before it ran: safe to send again once the wait is over.
      if (throttle_waits >= options_.max_throttle_waits) {
        return {AdoReply::Outcome::kRejected, 429, nullptr,
                "Azure DevOps kept refusing requests for exceeding its rate limit", ""};
      }
      if (!retry_after) not_before_ = clock_.Now() + backoff(throttle_waits);
      ++throttle_waits;
      spdlog::info("azure devops: rate limited, waiting before {} {}", call.method,
                   path.substr(0, path.find('?')));
      continue;
    }
    AdoReply result = Classify(reply);
    if (result.outcome == AdoReply::Outcome::kUncertain && effect == Effect::kRead &&
        read_retries < options_.max_read_retries) {
      if (!retry_after) not_before_ = clock_.Now() + backoff(read_retries);
      ++read_retries;
      continue;
    }
    if (result.outcome != AdoReply::Outcome::kOk) {
      spdlog::warn("azure devops: {} {} answered {}: {}", call.method,
                   path.substr(0, path.find('?')), reply.status, result.message);
    }
    return result;
  }
}

}  // namespace tracker
