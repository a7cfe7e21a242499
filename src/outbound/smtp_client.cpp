#include "outbound/smtp_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace outbound {
namespace {

struct Upload {
  const MailEnvelope* envelope;
  std::size_t offset = 0;
  bool data_started = false;
  bool aborted = false;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  if (!upload->data_started) {
    upload->data_started = true;
    if (upload->envelope->before_data && !upload->envelope->before_data()) {
      upload->aborted = true;
      return CURL_READFUNC_ABORT;
    }
  }
  const std::string& message = upload->envelope->message;
  const size_t bytes = std::min(size * count, message.size() - upload->offset);
  std::memcpy(buffer, message.data() + upload->offset, bytes);
  upload->offset += bytes;
  return bytes;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* upload = static_cast<Upload*>(user);
  return upload->envelope->cancelled && upload->envelope->cancelled->load() ? 1 : 0;
}

std::string Bracketed(const std::string& address) { return "<" + address + ">"; }

}  // namespace

SmtpResult SendMail(const SmtpServer& server, const MailEnvelope& envelope) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  SmtpResult result;
  CURL* curl = curl_easy_init();
  if (!curl) {
    result.detail = "curl_easy_init failed";
    return result;
  }
  Upload upload{&envelope};
  curl_slist* recipients = nullptr;
  for (const auto& to : envelope.recipients) {
    recipients = curl_slist_append(recipients, Bracketed(to).c_str());
  }
  const std::string from = Bracketed(envelope.from);
  curl_easy_setopt(curl, CURLOPT_URL, server.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(
      curl, CURLOPT_USE_SSL,
      server.allow_plain ? static_cast<long>(CURLUSESSL_NONE) : static_cast<long>(CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!server.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, server.ca_file.c_str());
  if (!server.username.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, server.username.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, server.password.c_str());
  }
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE,
                   static_cast<curl_off_t>(envelope.message.size()));
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, 10'000L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(server.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &upload);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  const CURLcode code = curl_easy_perform(curl);
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &result.reply_code);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);

  if (code == CURLE_OK) {
    result.outcome = SmtpResult::Outcome::kSent;
    return result;
  }
  result.detail = curl_easy_strerror(code);
  result.cancelled = code == CURLE_ABORTED_BY_CALLBACK && !upload.aborted;
  if (result.reply_code > 0)
    result.detail += " (server replied " + std::to_string(result.reply_code) + ")";
  const bool refused = result.reply_code >= 400;
  if (!upload.data_started || upload.aborted || refused) {
    // Nothing left, or the server said no to it: certainly not delivered.
    result.outcome = SmtpResult::Outcome::kNotSent;
    result.permanent = result.reply_code >= 500 || code == CURLE_LOGIN_DENIED;
    return result;
  }
  result.outcome = SmtpResult::Outcome::kUncertain;
  return result;
}

}  // namespace outbound
