#include "pipeline/job_runner.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace pipeline {
namespace {

constexpr auto kWatchEvery = std::chrono::milliseconds(500);

}  // namespace

JobRunner::JobRunner(RunnerOptions options, store::JobStore& jobs, EventBus& bus,
                     std::map<store::JobKind, JobFactory> factories, timing::Clock& clock)
    : options_(std::move(options)),
      jobs_(jobs),
      bus_(bus),
      factories_(std::move(factories)),
      clock_(clock) {}

JobRunner::~JobRunner() { Stop(); }

void JobRunner::Start() {
  for (int i = 0; i < std::max(1, options_.concurrent_jobs); ++i) {
    threads_.emplace_back([this] { Loop(); });
  }
}

void JobRunner::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
    for (auto* execution : running_) execution->Cancel();
  }
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void JobRunner::Wake() {
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void JobRunner::Loop() {
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (stopping_) return;
    }
    std::optional<store::JobRow> job;
    try {
      job = jobs_.ClaimJob(options_.worker_id, UnixNow(), options_.lease.count());
    } catch (const std::exception& error) {
      spdlog::error("claiming a job failed: {}", error.what());
    }
    if (job) {
      RunJob(*job);
      continue;
    }
    std::unique_lock lock(mutex_);
    clock_.WaitUntil(wake_, lock, clock_.Now() + options_.poll_interval,
                     [this] { return stopping_ || woken_; });
    woken_ = false;
  }
}

void JobRunner::RunJob(const store::JobRow& job) {
  spdlog::info("job {} ({}) started by {}", job.id, store::JobKindName(job.kind),
               options_.worker_id);
  const auto fail = [&](const std::string& error) {
    const nlohmann::json data = {{"state", store::JobStateName(store::JobState::kFailed)},
                                 {"error", error}};
    jobs_.SetState(job.id, store::JobState::kFailed, "", error,
                   {0, UnixNow(), "final", data.dump()}, UnixNow());
    bus_.Notify(job.id);
  };
  const auto factory = factories_.find(job.kind);
  if (factory == factories_.end()) {
    return fail("this instance cannot run " + std::string(store::JobKindName(job.kind)) + " jobs");
  }
  std::unique_ptr<JobExecution> execution;
  try {
    execution = factory->second(job);
  } catch (const std::exception& error) {
    return fail(error.what());
  }
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;  // the lease expires and the next start resumes it
    running_.push_back(execution.get());
  }
  jobs_.AppendEvent(
      job.id, {0, UnixNow(), "state",
               nlohmann::json{{"state", store::JobStateName(store::JobState::kRunning)}}.dump()});
  bus_.Notify(job.id);

  // Keeps the lease, and turns a cancel request or a lost lease into a prompt stop.
  std::atomic<bool> finished{false};
  std::atomic<bool> user_cancelled{false};
  std::atomic<bool> lease_lost{false};
  std::mutex watch_mutex;
  std::condition_variable watch_wake;  // the job's end wakes the watcher: no waiting out a sleep
  std::thread watcher([&] {
    auto last_renewal = clock_.Now();
    for (;;) {
      {
        std::unique_lock lock(watch_mutex);
        if (clock_.WaitUntil(watch_wake, lock, clock_.Now() + kWatchEvery,
                             [&] { return finished.load(); })) {
          break;
        }
      }
      try {
        if (!user_cancelled && jobs_.CancelRequested(job.id)) {
          user_cancelled = true;
          execution->Cancel();
        }
        if (clock_.Now() - last_renewal >= options_.lease / 3) {
          last_renewal = clock_.Now();
          if (!jobs_.RenewLease(job.id, options_.worker_id, UnixNow(), options_.lease.count())) {
            spdlog::warn("job {}: the lease was lost; stopping here", job.id);
            lease_lost = true;
            execution->Cancel();
          }
        }
      } catch (const std::exception& error) {
        spdlog::error("watching job {} failed: {}", job.id, error.what());
      }
    }
  });

  JobExecution::Outcome outcome;
  try {
    outcome = execution->Run();
  } catch (const std::exception& error) {
    outcome = {store::JobState::kFailed, std::string("internal error: ") + error.what(), {}};
  }
  {
    std::lock_guard lock(watch_mutex);
    finished = true;
  }
  watch_wake.notify_one();
  watcher.join();
  bool stopping = false;
  {
    std::lock_guard lock(mutex_);
    running_.erase(std::remove(running_.begin(), running_.end(), execution.get()), running_.end());
    stopping = stopping_;
  }
  if (outcome.state == store::JobState::kCancelled && !user_cancelled) {
    // Interrupted by a shutdown or a lost lease, not by the user: leave it to be resumed.
    spdlog::info("job {} interrupted; it resumes where it stopped", job.id);
    if (stopping && !lease_lost) jobs_.RenewLease(job.id, options_.worker_id, UnixNow(), -1);
    return;
  }
  const nlohmann::json data = {{"state", store::JobStateName(outcome.state)},
                               {"error", outcome.error},
                               {"summary", outcome.summary}};
  jobs_.SetState(job.id, outcome.state, outcome.summary.is_null() ? "" : outcome.summary.dump(),
                 outcome.error, {0, UnixNow(), "final", data.dump()}, UnixNow());
  bus_.Notify(job.id);
  spdlog::info("job {} finished: {}{}", job.id, store::JobStateName(outcome.state),
               outcome.error.empty() ? "" : " (" + outcome.error + ")");
}

}  // namespace pipeline
