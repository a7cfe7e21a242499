#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/event_bus.hpp"
#include "store/pipeline_store.hpp"
#include "timing/clock.hpp"

namespace pipeline {

// One claimed job being carried out.
class JobExecution {
 public:
  struct Outcome {
    store::JobState state = store::JobState::kFailed;  // a final state
    std::string error;
    nlohmann::json summary;
  };
  virtual ~JobExecution() = default;
  virtual Outcome Run() = 0;
  // Stops promptly (cancel request, lost lease, shutdown); Run then returns kCancelled.
  virtual void Cancel() = 0;
};

// Builds the execution of a claimed job of one kind; throws std::exception when it cannot.
using JobFactory = std::function<std::unique_ptr<JobExecution>(const store::JobRow& job)>;

struct RunnerOptions {
  std::string worker_id;  // unique per process
  int concurrent_jobs = 2;
  std::chrono::seconds lease{30};
  std::chrono::milliseconds poll_interval{1'000};  // new work is also announced by Wake()
};

// Claims queued jobs (and running jobs whose worker died: their lease expired), runs them,
// keeps their lease alive, watches for cancel requests, and writes the final state with a final
// event. On Stop() running jobs are interrupted and left to be resumed by the next start. Polls,
// lease renewals and the lease times written to the store follow `clock`.
class JobRunner {
 public:
  JobRunner(RunnerOptions options, store::JobStore& jobs, EventBus& bus,
            std::map<store::JobKind, JobFactory> factories, timing::Clock& clock);
  ~JobRunner();

  void Start();
  void Stop();
  void Wake();

 private:
  void Loop();
  void RunJob(const store::JobRow& job);
  std::int64_t UnixNow() const { return timing::UnixSeconds(clock_); }

  RunnerOptions options_;
  store::JobStore& jobs_;
  EventBus& bus_;
  std::map<store::JobKind, JobFactory> factories_;
  timing::Clock& clock_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::vector<std::thread> threads_;
  std::vector<JobExecution*> running_;
};

}  // namespace pipeline
