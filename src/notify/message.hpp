#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "store/notification_store.hpp"

namespace notify {

// What one notification says, whatever carries it: rendered as an e-mail (plain text and
// HTML) or an Adaptive Card. All text here is plain; each renderer escapes it for its format.
struct Message {
  std::string subject;
  std::string headline;  // the outcome in one sentence
  bool failure = false;  // shown as an attention colour where the format has one
  std::vector<std::pair<std::string, std::string>> facts;
  std::string link;  // "" when PUBLIC_BASE_URL is not set
  std::string link_label;
  std::string footer = "Sent by Agile Backlog Automation.";
};

Message DescribeJob(const store::JobFacts& job, const std::string& public_base_url);
// `data`: the security event's facts; `account`: its user's name ("" when unknown).
Message DescribeSecurityEvent(const nlohmann::json& data, const std::string& account,
                              const std::string& public_base_url);
Message DescribeBackupFailure(const nlohmann::json& data);

std::string PlainText(const Message& message);
std::string Html(const Message& message);
// A Teams incoming-webhook payload: a message with one Adaptive Card attachment.
nlohmann::json AdaptiveCard(const Message& message);

struct MailHeaders {
  std::string from;        // bare address
  std::string from_name;   // display name
  std::string to;          // bare address
  std::string message_id;  // without angle brackets, e.g. "n42.d7@host"
  std::int64_t date = 0;   // Unix seconds
};

// The whole RFC 5322 message, multipart/alternative with the plain and HTML parts, CRLF line
// ends. Header values are folded and encoded here (RFC 2047), so no text from users can add a
// header or a line.
std::string ComposeMail(const MailHeaders& headers, const Message& message);

// Whether an address is safe to put in an envelope and a header: one @, printable ASCII, no
// spaces, brackets, quotes or separators.
bool IsPlainAddress(const std::string& address);

}  // namespace notify
