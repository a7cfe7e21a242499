#pragma once

#include <atomic>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "agents/vision_assessor.hpp"
#include "agents/vision_optimizer.hpp"
#include "pipeline/event_bus.hpp"
#include "pipeline/job_runner.hpp"
#include "store/pipeline_store.hpp"
#include "timing/clock.hpp"

namespace pipeline {

// An "optimize_vision" job's request.
struct VisionRequest {
  std::string vision;
  std::vector<std::string> domains;

  nlohmann::json ToOptions() const { return {{"vision", vision}, {"domains", domains}}; }
  // Throws std::invalid_argument.
  static VisionRequest FromOptions(const nlohmann::json& options);
};

nlohmann::json ToJson(const agents::VisionAssessment& assessment);

// Rewrites a vision to close the gaps its assessment finds: assess, optimize, then assess the
// result, so the user sees the score before and after. Three calls; cancellable between and
// during them.
class VisionOptimizationJob final : public JobExecution {
 public:
  VisionOptimizationJob(store::JobRow job, agents::VisionAssessor& assessor,
                        agents::VisionOptimizer& optimizer, store::JobStore& jobs, EventBus& bus,
                        timing::Clock& clock);

  Outcome Run() override;
  void Cancel() override { cancelled_ = true; }

 private:
  void Report(const std::string& stage, int done);

  store::JobRow job_;
  VisionRequest request_;
  agents::VisionAssessor& assessor_;
  agents::VisionOptimizer& optimizer_;
  store::JobStore& jobs_;
  EventBus& bus_;
  timing::Clock& clock_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace pipeline
