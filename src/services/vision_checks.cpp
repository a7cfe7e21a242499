#include "services/vision_checks.hpp"

#include <exception>
#include <memory>
#include <utility>

namespace services {

VisionChecks::VisionChecks(VisionCheckOptions options, agents::VisionAssessor& assessor)
    : assessor_(assessor), pool_(options.threads, options.queue_limit) {}

bool VisionChecks::Submit(std::int64_t user_id, std::string vision,
                          std::vector<std::string> domains, Done done) {
  auto shared_done = std::make_shared<Done>(std::move(done));
  return pool_.Submit({[this, user_id, vision = std::move(vision), domains = std::move(domains),
                        shared_done](const std::atomic<bool>& cancelled) {
                         VisionCheckResult result;
                         const agents::CallContext call{user_id, "", &cancelled};
                         try {
                           result.assessment = assessor_.Assess(vision, domains, call);
                         } catch (const llm::LlmError& error) {
                           result.llm_error = error;
                         } catch (const std::exception& error) {
                           result.internal_error = error.what();
                         }
                         (*shared_done)(std::move(result));
                       },
                       [shared_done] {
                         (*shared_done)({std::nullopt,
                                         llm::LlmError(llm::LlmErrorKind::kCancelled,
                                                       "the service is shutting down"),
                                         {}});
                       }});
}

}  // namespace services
