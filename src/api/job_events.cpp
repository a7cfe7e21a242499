#include "api/job_events.hpp"

#include <atomic>
#include <mutex>

namespace api {
namespace {

constexpr std::int64_t kBatch = 200;

class StoredEventStream final : public http::EventStream {
 public:
  StoredEventStream(store::JobStore& jobs, pipeline::EventBus& bus, std::string job_id,
                    std::int64_t after_seq, std::function<bool()> still_authorized,
                    http::ConcurrencyQuota::Permit permit)
      : jobs_(jobs),
        bus_(bus),
        job_id_(std::move(job_id)),
        last_seq_(after_seq),
        still_authorized_(std::move(still_authorized)),
        permit_(std::move(permit)) {}

  ~StoredEventStream() override { Close(); }

  std::optional<std::string> Poll() override {
    if (ended_) return std::nullopt;
    std::string out;
    for (const auto& event : jobs_.Events(job_id_, last_seq_, kBatch)) {
      out += FormatServerSentEvent(event);
      last_seq_ = event.seq;
      if (event.type == "final") {
        ended_after_flush_ = true;
        break;
      }
    }
    if (out.empty() && ended_after_flush_) {
      ended_ = true;
      return std::nullopt;
    }
    return out;
  }

  void OnReady(std::function<void()> wake) override {
    std::lock_guard lock(mutex_);
    if (subscription_ == 0) subscription_ = bus_.Subscribe(job_id_, std::move(wake));
  }

  void Close() override {
    std::lock_guard lock(mutex_);
    if (subscription_ != 0) bus_.Unsubscribe(subscription_);
    subscription_ = 0;
  }

  bool StillAuthorized() override { return still_authorized_(); }

 private:
  store::JobStore& jobs_;
  pipeline::EventBus& bus_;
  const std::string job_id_;
  std::int64_t last_seq_;
  bool ended_after_flush_ = false;
  bool ended_ = false;
  std::function<bool()> still_authorized_;
  http::ConcurrencyQuota::Permit permit_;
  std::mutex mutex_;
  std::uint64_t subscription_ = 0;
};

}  // namespace

std::string FormatServerSentEvent(const store::EventRow& event) {
  std::string data = event.data;
  for (auto& c : data) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return "id: " + std::to_string(event.seq) + "\nevent: " + event.type + "\ndata: " + data + "\n\n";
}

std::shared_ptr<http::EventStream> JobEventStream(store::JobStore& jobs, pipeline::EventBus& bus,
                                                  std::string job_id, std::int64_t after_seq,
                                                  std::function<bool()> still_authorized,
                                                  http::ConcurrencyQuota::Permit permit) {
  return std::make_shared<StoredEventStream>(jobs, bus, std::move(job_id), after_seq,
                                             std::move(still_authorized), std::move(permit));
}

}  // namespace api
