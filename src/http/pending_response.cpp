#include "http/pending_response.hpp"

#include <utility>

namespace http {

// The wake-up runs under the lock, so once Forget() returns no wake-up of the old waiter is in
// progress or to come; it must be short and must not call back into this object.
void PendingResponse::Complete(Response response) {
  std::lock_guard lock(mutex_);
  if (completed_) return;
  completed_ = true;
  response_ = std::move(response);
  if (wake_) wake_();
}

void PendingResponse::OnComplete(std::function<void()> wake) {
  std::lock_guard lock(mutex_);
  wake_ = std::move(wake);
  if (completed_ && wake_) wake_();
}

void PendingResponse::Forget() {
  std::lock_guard lock(mutex_);
  wake_ = nullptr;
}

std::optional<Response> PendingResponse::Take() {
  std::lock_guard lock(mutex_);
  std::optional<Response> taken = std::move(response_);
  response_.reset();
  return taken;
}

}  // namespace http
