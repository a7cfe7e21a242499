#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "agents/vision_assessor.hpp"
#include "llm/llm_error.hpp"

namespace services {

struct VisionCheckOptions {
  std::size_t threads = 8;        // checks in progress at once on this instance
  std::size_t queue_limit = 256;  // checks waiting for a thread before new ones are refused
};

// How a check ended: an assessment, or the provider's failure (for the user), or an internal
// error (for the log only).
struct VisionCheckResult {
  std::optional<agents::VisionAssessment> assessment;
  std::optional<llm::LlmError> llm_error;
  std::string internal_error;
};

// Reviews of a vision, one provider call each (seconds long), on threads of their own rather
// than an HTTP worker's: however many checks wait for a slow provider, other requests do not.
// Shutting down cancels the calls in progress and fails the queued ones.
class VisionChecks {
 public:
  using Done = std::function<void(VisionCheckResult)>;

  VisionChecks(VisionCheckOptions options, agents::VisionAssessor& assessor);
  ~VisionChecks();
  VisionChecks(const VisionChecks&) = delete;
  VisionChecks& operator=(const VisionChecks&) = delete;

  // Queues a check; `done` is called once, on a check thread. False (and `done` not called)
  // when the queue is full.
  bool Submit(std::int64_t user_id, std::string vision, std::vector<std::string> domains,
              Done done);

 private:
  struct Check {
    std::int64_t user_id = 0;
    std::string vision;
    std::vector<std::string> domains;
    Done done;
  };
  void Work();
  VisionCheckResult Run(const Check& check);

  VisionCheckOptions options_;
  agents::VisionAssessor& assessor_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Check> queue_;
  bool stopping_ = false;
  std::atomic<bool> cancelled_{false};
  std::vector<std::thread> threads_;
};

}  // namespace services
