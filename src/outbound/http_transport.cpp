#include "outbound/http_transport.hpp"

#include <curl/curl.h>
#include <sys/socket.h>

#include <algorithm>
#include <mutex>

#include "outbound/public_address.hpp"

namespace outbound {
namespace {

constexpr std::size_t kMaxReplyBytes = 32 * 1024 * 1024;

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  HttpReply* reply;
  const std::atomic<bool>* cancelled;
  const HttpCall* call;
  bool too_large = false;
  bool refused_address = false;
};

int BeforeRequest(void* user, char*, char*, int, int) {
  const auto* transfer = static_cast<Transfer*>(user);
  return transfer->call->before_request() ? CURL_PREREQFUNC_OK : CURL_PREREQFUNC_ABORT;
}

curl_socket_t OpenPublicSocket(void* user, curlsocktype, curl_sockaddr* address) {
  auto* transfer = static_cast<Transfer*>(user);
  if (!IsPublicAddress(&address->addr, address->addrlen)) {
    transfer->refused_address = true;
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype, address->protocol);
}

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  if (transfer->reply->body.size() + bytes > kMaxReplyBytes) {
    transfer->too_large = true;
    return 0;  // aborts the transfer
  }
  transfer->reply->body.append(data, bytes);
  return bytes;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  const size_t bytes = size * count;
  std::string line(data, bytes);
  const auto colon = line.find(':');
  if (colon != std::string::npos) {
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = line.substr(colon + 1);
    const auto first = value.find_first_not_of(" \t");
    const auto last = value.find_last_not_of(" \t\r\n");
    value = first == std::string::npos ? "" : value.substr(first, last - first + 1);
    transfer->reply->headers[name] = value;
  } else if (line.rfind("HTTP/", 0) == 0) {
    transfer->reply->headers.clear();  // a new response (after 100 Continue or a redirect)
  }
  return bytes;
}

int OnProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* transfer = static_cast<Transfer*>(user);
  return transfer->cancelled && transfer->cancelled->load() ? 1 : 0;
}

// One easy handle per thread: it keeps its connection cache, so calls to the same provider reuse
// a kept-alive TLS connection instead of a new handshake each time.
CURL* ThreadHandle() {
  struct Handle {
    CURL* curl = curl_easy_init();
    ~Handle() { curl_easy_cleanup(curl); }
  };
  thread_local Handle handle;
  return handle.curl;
}

}  // namespace

CurlTransport::CurlTransport() { InitCurlOnce(); }

HttpReply CurlTransport::Send(const HttpCall& call) {
  HttpReply reply;
  CURL* curl = ThreadHandle();
  if (!curl) {
    reply.failure = HttpReply::Failure::kOther;
    reply.failure_detail = "curl_easy_init failed";
    return reply;
  }
  curl_easy_reset(curl);
  Transfer transfer{&reply, call.cancelled, &call};
  curl_slist* headers = nullptr;
  for (const auto& header : call.headers) headers = curl_slist_append(headers, header.c_str());
  curl_easy_setopt(curl, CURLOPT_URL, call.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  const bool sends_body =
      !call.body.empty() || call.method == "POST" || call.method == "PATCH" || call.method == "PUT";
  if (call.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (call.method == "POST") {
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, call.method.c_str());
  }
  if (sends_body) {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, call.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(call.body.size()));
  }
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(call.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(call.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, call.fresh_connection ? 1L : 0L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, OnBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, OnHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, OnProgress);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  if (call.before_request) {
    curl_easy_setopt(curl, CURLOPT_PREREQFUNCTION, BeforeRequest);
    curl_easy_setopt(curl, CURLOPT_PREREQDATA, &transfer);
  }
  if (call.public_addresses_only) {
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETFUNCTION, OpenPublicSocket);
    curl_easy_setopt(curl, CURLOPT_OPENSOCKETDATA, &transfer);
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);

  if (code == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &reply.status);
    return reply;
  }
  reply.failure_detail = curl_easy_strerror(code);
  if (transfer.refused_address) {
    reply.failure = HttpReply::Failure::kOther;
    reply.failure_detail = "refused: the address is not a public one";
  } else if (code == CURLE_ABORTED_BY_CALLBACK) {
    reply.failure = HttpReply::Failure::kCancelled;
  } else if (code == CURLE_OPERATION_TIMEDOUT) {
    reply.failure = HttpReply::Failure::kTimeout;
  } else if (code == CURLE_COULDNT_CONNECT || code == CURLE_COULDNT_RESOLVE_HOST ||
             code == CURLE_COULDNT_RESOLVE_PROXY || code == CURLE_SEND_ERROR ||
             code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING || code == CURLE_PARTIAL_FILE ||
             code == CURLE_SSL_CONNECT_ERROR) {
    reply.failure = HttpReply::Failure::kConnection;
  } else if (code == CURLE_WRITE_ERROR && transfer.too_large) {
    reply.failure = HttpReply::Failure::kOther;
    reply.failure_detail = "the reply exceeded 32 MiB";
  } else {
    reply.failure = HttpReply::Failure::kOther;
  }
  return reply;
}

HttpReply CountingTransport::Send(const HttpCall& call) {
  HttpReply reply = inner_.Send(call);
  std::string outcome;
  switch (reply.failure) {
    case HttpReply::Failure::kNone:
      outcome = reply.status == 429 ? "429" : std::to_string(reply.status / 100) + "xx";
      break;
    case HttpReply::Failure::kTimeout:
      outcome = "timeout";
      break;
    case HttpReply::Failure::kConnection:
      outcome = "connection";
      break;
    case HttpReply::Failure::kCancelled:
      outcome = "cancelled";
      break;
    case HttpReply::Failure::kOther:
      outcome = "other";
      break;
  }
  std::lock_guard lock(mutex_);
  ++counts_[outcome];
  return reply;
}

std::map<std::string, std::uint64_t> CountingTransport::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

}  // namespace outbound
