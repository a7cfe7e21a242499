#include "notify/message.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <string_view>

#include "backlog/tracker_text.hpp"
#include "json/bounded_parse.hpp"

namespace notify {
namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned value = static_cast<unsigned char>(bytes[i]) << 16 |
                           static_cast<unsigned char>(bytes[i + 1]) << 8 |
                           static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[value >> 18 & 63];
    out += kAlphabet[value >> 12 & 63];
    out += kAlphabet[value >> 6 & 63];
    out += kAlphabet[value & 63];
  }
  if (i < bytes.size()) {
    unsigned value = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) value |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[value >> 18 & 63];
    out += kAlphabet[value >> 12 & 63];
    out += i + 1 < bytes.size() ? kAlphabet[value >> 6 & 63] : '=';
    out += '=';
  }
  return out;
}

// Base64 in lines of 76 characters, as MIME bodies must be.
std::string Base64Lines(std::string_view bytes) {
  const std::string encoded = Base64(bytes);
  std::string out;
  for (std::size_t i = 0; i < encoded.size(); i += 76) {
    out += encoded.substr(i, 76);
    out += "\r\n";
  }
  return out;
}

// Control characters (line breaks included) become spaces: for one-line text such as a
// subject or a fact, whatever a user typed.
std::string OneLine(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte == 0x7f ? ' ' : c;
  }
  return out;
}

bool IsAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// A header value: ASCII stays as it is (folded by length never needed at our sizes), anything
// else becomes RFC 2047 encoded words, split on UTF-8 character boundaries.
std::string EncodedHeader(std::string_view text) {
  const std::string line = OneLine(text);
  if (IsAscii(line) && line.size() <= 900) return line;
  std::string out;
  std::size_t start = 0;
  while (start < line.size()) {
    std::size_t end = std::min(line.size(), start + 45);
    while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string Quoted(std::string_view name) { return "\u201C" + OneLine(name) + "\u201D"; }

std::string Duration(std::int64_t seconds) {
  if (seconds < 60) return std::to_string(seconds) + " s";
  if (seconds < 3600) {
    return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
  }
  return std::to_string(seconds / 3600) + " h " + std::to_string(seconds / 60 % 60) + " min";
}

std::string Cost(double usd) {
  char text[32];
  std::snprintf(text, sizeof text, "$%.4f", usd);
  return text;
}

std::string UtcTime(std::int64_t unix_seconds) {
  const std::time_t time = unix_seconds;
  std::tm parts{};
  gmtime_r(&time, &parts);
  char text[40];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &parts);
  return text;
}

std::string Trimmed(std::string base) {
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string JobAction(const std::string& kind) {
  if (kind == "optimize_vision") return "Optimising the vision of";
  if (kind == "push") return "Uploading to Azure DevOps the backlog of";
  return "Generating the backlog of";
}

// "Generating the backlog of “Clinic”", or for a vision optimised outside any project,
// "Optimising your vision".
std::string Subject(const store::JobFacts& job, const std::string& project) {
  if (job.project_id.empty()) return "Optimising your vision";
  return JobAction(job.kind) + " " + project;
}

std::string Headline(const store::JobFacts& job, const std::string& project) {
  const std::string what = Subject(job, project);
  if (job.state == "completed") return what + " finished.";
  if (job.state == "completed_with_warnings") {
    return what + " finished with warnings; some items need a look.";
  }
  if (job.state == "cancelled") return what + " was cancelled.";
  std::string error = OneLine(job.error);
  if (error.size() > 300) error = error.substr(0, 300) + "…";
  return what + " failed" + (error.empty() ? "." : ": " + error);
}

void AddCounts(const nlohmann::json& summary, Message& message) {
  if (!summary.is_object()) return;
  if (const auto nodes = summary.find("nodes"); nodes != summary.end() && nodes->is_object()) {
    static constexpr std::pair<const char*, const char*> kLabels[] = {
        {"epic", "epics"},          {"feature", "features"},     {"story", "user stories"},
        {"task", "tasks"},          {"test_plan", "test plans"}, {"test_suite", "test suites"},
        {"test_case", "test cases"}};
    std::string counts;
    for (const auto& [key, label] : kLabels) {
      const auto value = nodes->find(key);
      if (value == nodes->end() || !value->is_number_integer() || value->get<std::int64_t>() == 0) {
        continue;
      }
      if (!counts.empty()) counts += ", ";
      counts += std::to_string(value->get<std::int64_t>()) + " " + label;
    }
    if (!counts.empty()) message.facts.emplace_back("Items", counts);
  }
  for (const auto& [key, label] :
       {std::pair{"needs_review", "Need review"}, std::pair{"failed_steps", "Failed steps"},
        std::pair{"created", "Work items created"}, std::pair{"failed", "Work items failed"},
        std::pair{"blocked", "Work items blocked"}}) {
    const auto value = summary.find(key);
    if (value != summary.end() && value->is_number_integer() && value->get<std::int64_t>() > 0) {
      message.facts.emplace_back(label, std::to_string(value->get<std::int64_t>()));
    }
  }
}

}  // namespace

Message DescribeJob(const store::JobFacts& job, const std::string& public_base_url) {
  Message message;
  const std::string project =
      Quoted(job.project_name.empty() ? std::string("a deleted project") : job.project_name);
  message.headline = Headline(job, project);
  message.failure = job.state == "failed";
  const std::string outcome = job.state == "completed"                 ? "done"
                              : job.state == "completed_with_warnings" ? "done with warnings"
                              : job.state == "cancelled"               ? "cancelled"
                                                                       : "failed";
  const std::string what = job.kind == "optimize_vision" ? "Vision optimisation"
                           : job.kind == "push"          ? "Upload to Azure DevOps"
                                                         : "Backlog generation";
  message.subject = what + " " + outcome;
  if (!job.project_id.empty()) {
    message.subject += ": " + OneLine(job.project_name);
    message.facts.emplace_back("Project", OneLine(job.project_name));
  }
  message.facts.emplace_back("Outcome", outcome);
  if (!job.result.empty()) AddCounts(json::ParseOrNull(job.result), message);
  message.facts.emplace_back("Duration",
                             Duration(std::max<std::int64_t>(0, job.finished_at - job.started_at)));
  if (job.llm_calls > 0) {
    message.facts.emplace_back(
        "LLM cost", Cost(job.cost_usd) + " (" + std::to_string(job.llm_calls) + " calls)");
  }
  message.facts.emplace_back("Finished", UtcTime(job.finished_at));
  message.footer =
      "Sent by Agile Backlog Automation. You can switch these messages off in Settings.";
  if (!public_base_url.empty() && !job.project_id.empty()) {
    message.link = Trimmed(public_base_url) + "/projects/" + job.project_id;
    message.link_label = "Open the project";
  }
  return message;
}

Message DescribeSecurityEvent(const nlohmann::json& data, const std::string& account,
                              const std::string& public_base_url) {
  Message message;
  message.failure = true;
  const std::string event = data.value("event", std::string());
  const std::string who = account.empty() ? std::string("an unknown account") : Quoted(account);
  if (event == "lockout") {
    message.subject = "Security: account locked after failed sign-ins";
    message.headline = "The account " + who + " was locked after repeated failed sign-ins.";
  } else if (event == "refresh_token_reuse") {
    message.subject = "Security: a used refresh token came back";
    message.headline = "A refresh token of " + who +
                       " was used a second time; every session of the account was ended.";
  } else {
    message.subject = "Security: all sign-ins of an account were ended";
    message.headline = "Every token of " + who + " was invalidated.";
  }
  message.facts.emplace_back("Event", OneLine(event));
  message.facts.emplace_back("Account", account.empty() ? "-" : OneLine(account));
  message.facts.emplace_back("From address", OneLine(data.value("ip_address", std::string("-"))));
  message.facts.emplace_back("Detail", OneLine(data.value("detail", std::string())));
  message.facts.emplace_back("When", UtcTime(data.value("at", std::int64_t{0})));
  if (!public_base_url.empty()) {
    message.link = Trimmed(public_base_url) + "/admin";
    message.link_label = "Open the administration page";
  }
  return message;
}

Message DescribeBackupFailure(const nlohmann::json& data) {
  Message message;
  message.failure = true;
  message.subject = "Backup failed";
  message.headline = "The scheduled database backup failed; the operator's log has details.";
  message.facts.emplace_back("Error", OneLine(data.value("error", std::string())));
  message.facts.emplace_back("When", UtcTime(data.value("at", std::int64_t{0})));
  return message;
}

std::string PlainText(const Message& message) {
  std::string text = message.headline + "\n\n";
  for (const auto& [label, value] : message.facts) text += label + ": " + value + "\n";
  if (!message.link.empty()) text += "\n" + message.link_label + ": " + message.link + "\n";
  text += "\n-- \n" + message.footer + "\n";
  return text;
}

std::string Html(const Message& message) {
  std::string html =
      "<!DOCTYPE html><html><body style=\"font-family:sans-serif\">"
      "<p style=\"font-size:16px\"><strong>" +
      backlog::EscapeHtml(message.headline) + "</strong></p><table cellpadding=\"4\">";
  for (const auto& [label, value] : message.facts) {
    html += "<tr><td style=\"color:#555\">" + backlog::EscapeHtml(label) + "</td><td>" +
            backlog::EscapeHtml(value) + "</td></tr>";
  }
  html += "</table>";
  if (!message.link.empty()) {
    html += "<p><a href=\"" + backlog::EscapeHtml(message.link) + "\">" +
            backlog::EscapeHtml(message.link_label) + "</a></p>";
  }
  html += "<p style=\"color:#777;font-size:12px\">" + backlog::EscapeHtml(message.footer) +
          "</p></body></html>";
  return html;
}

nlohmann::json AdaptiveCard(const Message& message) {
  nlohmann::json facts = nlohmann::json::array();
  for (const auto& [label, value] : message.facts) {
    facts.push_back({{"title", label}, {"value", value}});
  }
  nlohmann::json card = {{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                         {"type", "AdaptiveCard"},
                         {"version", "1.4"},
                         {"body",
                          {{{"type", "TextBlock"},
                            {"text", message.subject},
                            {"weight", "Bolder"},
                            {"size", "Medium"},
                            {"wrap", true},
                            {"color", message.failure ? "Attention" : "Default"}},
                           {{"type", "TextBlock"}, {"text", message.headline}, {"wrap", true}},
                           {{"type", "FactSet"}, {"facts", facts}}}}};
  if (!message.link.empty()) {
    card["actions"] = {
        {{"type", "Action.OpenUrl"}, {"title", message.link_label}, {"url", message.link}}};
  }
  return {{"type", "message"},
          {"attachments",
           {{{"contentType", "application/vnd.microsoft.card.adaptive"},
             {"contentUrl", nullptr},
             {"content", card}}}}};
}

bool IsPlainAddress(const std::string& address) {
  if (address.empty() || address.size() > 254) return false;
  const auto at = address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string::npos) {
    return false;
  }
  return std::all_of(address.begin(), address.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f &&
           std::string_view("<>()[]\\,;:\"").find(c) == std::string_view::npos;
  });
}

std::string ComposeMail(const MailHeaders& headers, const Message& message) {
  const std::string boundary = "=_backlog_" + std::to_string(headers.date) + "_alt";
  std::string mail;
  const std::string from_name = OneLine(headers.from_name);
  mail += "From: " + (from_name.empty() ? "" : EncodedHeader(from_name) + " ") + "<" +
          headers.from + ">\r\n";
  mail += "To: <" + headers.to + ">\r\n";
  mail += "Subject: " + EncodedHeader(message.subject) + "\r\n";
  const std::time_t time = headers.date;
  std::tm parts{};
  gmtime_r(&time, &parts);
  char date[64];
  std::strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &parts);
  mail += std::string("Date: ") + date + "\r\n";
  mail += "Message-ID: <" + OneLine(headers.message_id) + ">\r\n";
  mail += "MIME-Version: 1.0\r\n";
  mail += "Auto-Submitted: auto-generated\r\n";
  mail += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  mail += "--" + boundary + "\r\n";
  mail += "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  mail += Base64Lines(PlainText(message));
  mail += "--" + boundary + "\r\n";
  mail += "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  mail += Base64Lines(Html(message));
  mail += "--" + boundary + "--\r\n";
  return mail;
}

}  // namespace notify
