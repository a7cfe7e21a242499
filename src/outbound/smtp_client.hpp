#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace outbound {

struct SmtpServer {
  std::string url;  // smtp://host:587 (STARTTLS) or smtps://host:465
  std::string username;
  std::string password;
  bool allow_plain = false;  // a local relay without TLS; otherwise STARTTLS is required
  std::string ca_file;       // extra trust anchor for a private relay's certificate
  std::chrono::milliseconds timeout{60'000};
};

struct MailEnvelope {
  std::string from;                     // a bare address
  std::vector<std::string> recipients;  // bare addresses
  std::string message;                  // the whole message, CRLF line ends
  // Called once the server has taken sender and recipients, just before the message itself
  // leaves: the last moment a failure certainly means "not sent". False aborts.
  std::function<bool()> before_data;
  // Checked while the call runs; setting it aborts the call promptly (e.g. at shutdown).
  const std::atomic<bool>* cancelled = nullptr;
};

struct SmtpResult {
  enum class Outcome {
    kSent,
    kNotSent,    // certainly not delivered (before the message left, or the server refused it)
    kUncertain,  // the connection broke while or after the message left: it may have arrived
  };
  Outcome outcome = Outcome::kNotSent;
  bool permanent = false;  // a 5xx refusal: trying again will not help
  bool cancelled = false;  // stopped through MailEnvelope::cancelled
  long reply_code = 0;
  std::string detail;  // for the operator's log; never contains the password
};

// One message through libcurl's SMTP client. Blocking; safe from many threads.
SmtpResult SendMail(const SmtpServer& server, const MailEnvelope& envelope);

}  // namespace outbound
