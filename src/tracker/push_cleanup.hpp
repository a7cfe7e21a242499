#pragma once

// A "push_cleanup" job: removes what a push created, as far as Azure DevOps allows: work items
// go to the project's recycle bin (restorable there), test plans (with their suites) and test
// cases are deleted for good, because the service keeps no recycle bin for them.

#include <atomic>

#include "pipeline/job_runner.hpp"
#include "tracker/push_job.hpp"

namespace tracker {

class PushCleanupJob final : public pipeline::JobExecution {
 public:
  PushCleanupJob(store::JobRow job, PushJobDependencies dependencies);
  Outcome Run() override;
  void Cancel() override { cancelled_ = true; }

 private:
  store::JobRow job_;
  PushJobDependencies deps_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace tracker
