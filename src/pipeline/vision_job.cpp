#include "pipeline/vision_job.hpp"

#include "llm/llm_error.hpp"

namespace pipeline {
namespace {

constexpr int kStages = 3;

}  // namespace

VisionRequest VisionRequest::FromOptions(const nlohmann::json& options) {
  if (!options.is_object() || !options.contains("vision") || !options["vision"].is_string()) {
    throw std::invalid_argument("a vision optimization carries the vision text");
  }
  VisionRequest request;
  request.vision = options["vision"].get<std::string>();
  if (const auto it = options.find("domains"); it != options.end() && it->is_array()) {
    for (const auto& domain : *it) {
      if (!domain.is_string()) throw std::invalid_argument("domains must be strings");
      request.domains.push_back(domain.get<std::string>());
    }
  }
  return request;
}

nlohmann::json ToJson(const agents::VisionAssessment& assessment) {
  return {{"score", assessment.score},
          {"strengths", assessment.strengths},
          {"gaps", assessment.gaps},
          {"suggestions", assessment.suggestions},
          {"ready", assessment.ready}};
}

VisionOptimizationJob::VisionOptimizationJob(store::JobRow job, agents::VisionAssessor& assessor,
                                             agents::VisionOptimizer& optimizer,
                                             store::JobStore& jobs, EventBus& bus,
                                             timing::Clock& clock)
    : job_(std::move(job)),
      request_(VisionRequest::FromOptions(nlohmann::json::parse(job_.options))),
      assessor_(assessor),
      optimizer_(optimizer),
      jobs_(jobs),
      bus_(bus),
      clock_(clock) {}

void VisionOptimizationJob::Report(const std::string& stage, int done) {
  const nlohmann::json progress = {{"stage", stage},
                                   {"steps", {{"vision", {{"done", done}, {"total", kStages}}}}},
                                   {"done", done},
                                   {"total", kStages}};
  jobs_.AppendEvent(job_.id, {0, timing::UnixSeconds(clock_), "progress", progress.dump()});
  bus_.Notify(job_.id);
}

JobExecution::Outcome VisionOptimizationJob::Run() {
  const agents::CallContext call{job_.owner_id, job_.id, &cancelled_};
  try {
    Report("assessing", 0);
    const agents::VisionAssessment before =
        assessor_.Assess(request_.vision, request_.domains, call);
    Report("optimizing", 1);
    const agents::OptimizedVision optimized =
        optimizer_.Optimize(request_.vision, request_.domains, before, call);
    Report("reassessing", 2);
    const agents::VisionAssessment after =
        assessor_.Assess(optimized.optimized_vision, request_.domains, call);
    Report("done", kStages);
    return {store::JobState::kCompleted,
            "",
            {{"before", ToJson(before)},
             {"optimized_vision", optimized.optimized_vision},
             {"changes", optimized.changes},
             {"after", ToJson(after)}}};
  } catch (const llm::LlmError& error) {
    if (cancelled_ || error.kind() == llm::LlmErrorKind::kCancelled)
      return {store::JobState::kCancelled, "", {}};
    return {store::JobState::kFailed, error.what(), {}};
  } catch (const std::invalid_argument& error) {
    return {store::JobState::kFailed, error.what(), {}};
  }
}

}  // namespace pipeline
