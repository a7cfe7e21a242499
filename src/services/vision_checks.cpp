#include "services/vision_checks.hpp"

#include <algorithm>
#include <exception>
#include <utility>

namespace services {

VisionChecks::VisionChecks(VisionCheckOptions options, agents::VisionAssessor& assessor)
    : options_(options), assessor_(assessor) {
  for (std::size_t i = 0; i < std::max<std::size_t>(1, options_.threads); ++i) {
    threads_.emplace_back([this] { Work(); });
  }
}

VisionChecks::~VisionChecks() {
  std::deque<Check> abandoned;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    abandoned.swap(queue_);
  }
  cancelled_ = true;  // calls in progress stop within about a second
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  for (auto& check : abandoned) {
    check.done({std::nullopt,
                llm::LlmError(llm::LlmErrorKind::kCancelled, "the service is shutting down"),
                {}});
  }
}

bool VisionChecks::Submit(std::int64_t user_id, std::string vision,
                          std::vector<std::string> domains, Done done) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.queue_limit) return false;
    queue_.push_back({user_id, std::move(vision), std::move(domains), std::move(done)});
  }
  wake_.notify_one();
  return true;
}

void VisionChecks::Work() {
  for (;;) {
    Check check;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      check = std::move(queue_.front());
      queue_.pop_front();
    }
    VisionCheckResult result = Run(check);
    check.done(std::move(result));
  }
}

VisionCheckResult VisionChecks::Run(const Check& check) {
  VisionCheckResult result;
  const agents::CallContext call{check.user_id, "", &cancelled_};
  try {
    result.assessment = assessor_.Assess(check.vision, check.domains, call);
  } catch (const llm::LlmError& error) {
    result.llm_error = error;
  } catch (const std::exception& error) {
    result.internal_error = error.what();
  }
  return result;
}

}  // namespace services
