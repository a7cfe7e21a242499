#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agents/vision_assessor.hpp"
#include "llm/llm_error.hpp"
#include "services/call_pool.hpp"

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

  // Queues a check; `done` is called once, on a check thread. False (and `done` not called)
  // when the queue is full.
  bool Submit(std::int64_t user_id, std::string vision, std::vector<std::string> domains,
              Done done);

 private:
  agents::VisionAssessor& assessor_;
  CallPool pool_;  // last: its threads stop before the assessor goes
};

}  // namespace services
