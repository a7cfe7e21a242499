#pragma once

#include <functional>
#include <mutex>
#include <optional>

#include "http/response.hpp"

namespace http {

// A response another thread completes later, such as the answer of a provider call. A handler
// returns Response::Later(pending) at once; the connection then waits for Complete() without
// holding a worker thread, so slow calls cannot starve other requests.
class PendingResponse {
 public:
  // Any thread, once; later calls are ignored.
  void Complete(Response response);

  // For the server: `wake` is called (from any thread) when the response is complete, at once if
  // it already is. It must be short and must not call back into this object.
  void OnComplete(std::function<void()> wake);
  // For the server: the waiter is gone (answered, timed out, or shutting down); no more wake-ups.
  void Forget();
  // For the server: the response once complete, else nullopt.
  std::optional<Response> Take();

 private:
  std::mutex mutex_;
  std::optional<Response> response_;
  bool completed_ = false;
  std::function<void()> wake_;
};

}  // namespace http
