#pragma once

// The Azure DevOps REST client of the upload: PAT Basic auth with the header that turns a bad
// token into a 401 instead of a sign-in page, api-version on every call, Retry-After honoured
// on any answer, 429 waited out, and every outcome classified so the uploader knows whether a
// write may have happened (kUncertain) or certainly did not (kRejected).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "outbound/http_transport.hpp"
#include "timing/clock.hpp"

namespace tracker {

struct AdoConnection {
  std::string organization_url;  // https://dev.azure.com/{org}, without a trailing '/'
  std::string project;
  std::string pat;
};

struct AdoClientOptions {
  std::string api_version = "7.1";
  std::string batch_api_version = "5.0";  // the only documented one for $batch
  std::chrono::milliseconds request_timeout{60'000};
  int max_throttle_waits = 30;             // 429s waited out per request before giving up
  int max_read_retries = 3;                // timeouts and 5xx on reads, retried
  std::chrono::seconds longest_wait{300};  // a longer Retry-After is cut to this
};

struct AdoReply {
  enum class Outcome {
    kOk,            // 2xx with JSON (or no body)
    kRejected,      // a definite refusal: nothing was changed
    kUnauthorized,  // the PAT was refused (401, or a 203/HTML sign-in page)
    kUncertain,     // no answer, or a 5xx: a write may or may not have happened
    kCancelled,
  };
  Outcome outcome = Outcome::kUncertain;
  long status = 0;
  nlohmann::json body;   // parsed JSON, null when none
  std::string message;   // the service's message, or what went wrong
  std::string type_key;  // the service's error type (match on this, not the text)
  bool ok() const { return outcome == Outcome::kOk; }
};

class AdoClient {
 public:
  // Reads may be repeated after an uncertain outcome; writes never are, here.
  enum class Effect { kRead, kWrite };

  AdoClient(outbound::Transport& transport, AdoConnection connection, AdoClientOptions options,
            timing::Clock& clock, const std::atomic<bool>* cancelled = nullptr);

  // `path` follows the organization URL ("/{project}/_apis/…", with any query but without
  // api-version, which is added: `api_version` when given, else the default).
  AdoReply Send(std::string_view method, std::string_view path, const nlohmann::json& body,
                Effect effect, std::string_view api_version = {},
                std::string_view content_type = "application/json");
  AdoReply Get(std::string_view path, std::string_view api_version = {}) {
    return Send("GET", path, nullptr, Effect::kRead, api_version);
  }

  // "/" + the project name, percent-encoded for a path.
  std::string ProjectPath() const;
  // The URL relations use for a work item (a temporary id in a batch is negative).
  std::string WorkItemUrl(std::int64_t id) const;
  // Where a person opens the work item.
  std::string WorkItemWebUrl(std::int64_t id) const;

  const AdoConnection& connection() const { return connection_; }
  const AdoClientOptions& options() const { return options_; }
  // Requests sent so far (retries included).
  std::int64_t requests_sent() const { return requests_sent_.load(); }

 private:
  AdoReply Classify(const outbound::HttpReply& reply) const;
  bool Wait(std::chrono::milliseconds duration);

  outbound::Transport& transport_;
  AdoConnection connection_;
  AdoClientOptions options_;
  timing::Clock& clock_;
  const std::atomic<bool>* cancelled_;
  std::string authorization_;
  timing::Clock::SteadyTime not_before_{};  // a Retry-After on any answer delays the next call
  std::atomic<std::int64_t> requests_sent_{0};
};

// Percent-encodes one path segment or query value (RFC 3986 unreserved characters stay).
std::string EncodeComponent(std::string_view text);

}  // namespace tracker
