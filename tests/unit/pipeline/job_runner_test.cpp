// The job runner over the real SQLite store, with generation jobs on a fake generator and a manual
// clock: it claims and finishes a job, stops a job whose cancel was requested, takes over a job
// whose worker died, and leaves a job whose lease it lost to the new worker. Time moves only when
// a test advances the clock, once the runner is seen waiting on it.
#include "pipeline/job_runner.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "unit/pipeline/fake_backlog_generator.hpp"
#include "unit/pipeline/job_fixture.hpp"

namespace pipeline {
namespace {

using namespace std::chrono_literals;
using ::testing::Contains;
using ::testing::Not;

// Raised once; awaited with a real-time limit that only turns a hang into a failure.
class Signal {
 public:
  void Raise() {
    std::lock_guard lock(mutex_);
    raised_ = true;
    changed_.notify_all();
  }
  bool Await(std::chrono::milliseconds limit = 20'000ms) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, limit, [this] { return raised_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool raised_ = false;
};

// The execution the runner gets, observed: cancelling it also lets a held generator call return
// (as a cancelled HTTP call does), and the test learns when Run has returned.
class ObservedExecution final : public JobExecution {
 public:
  ObservedExecution(std::unique_ptr<JobExecution> inner, FakeBacklogGenerator& generator,
                    Signal& finished)
      : inner_(std::move(inner)), generator_(generator), finished_(finished) {}

  Outcome Run() override {
    Outcome outcome = inner_->Run();
    finished_.Raise();
    return outcome;
  }
  void Cancel() override {
    inner_->Cancel();
    generator_.Release();
  }

 private:
  std::unique_ptr<JobExecution> inner_;
  FakeBacklogGenerator& generator_;
  Signal& finished_;
};

class JobRunnerTest : public JobFixture {
 protected:
  static constexpr auto kLease = 30s;
  static constexpr auto kWatchEvery = 500ms;  // how often the runner checks a running job

  std::unique_ptr<JobRunner> MakeRunner(const std::string& worker) {
    RunnerOptions options;
    options.worker_id = worker;
    options.concurrent_jobs = 1;
    options.lease = kLease;
    options.poll_interval = 1s;
    std::map<store::JobKind, JobFactory> factories = {
        {store::JobKind::kGenerate,
         [this](const store::JobRow& job) -> std::unique_ptr<JobExecution> {
           return std::make_unique<ObservedExecution>(MakeJob(job, generator_, 1), generator_,
                                                      run_returned_);
         }}};
    return std::make_unique<JobRunner>(options, store_, bus_, std::move(factories), clock_);
  }

  std::optional<nlohmann::json> FinalEvent(const store::JobRow& job) {
    const auto event = store_.LastEvent(job.id, "final");
    if (!event) return std::nullopt;
    return nlohmann::json::parse(event->data);
  }

  FakeBacklogGenerator generator_;
  Signal run_returned_;
};

TEST_F(JobRunnerTest, ClaimsAQueuedJobRunsItAndRecordsTheOutcome) {
  const store::JobRow job = QueueJob();
  const auto runner = MakeRunner("worker-a");
  runner->Start();
  ASSERT_TRUE(AwaitFinal(job));
  EXPECT_EQ(Reload(job).state, store::JobState::kCompleted);
  EXPECT_EQ(FinalEvent(job).value()["state"], "completed");
  EXPECT_EQ(generator_.Calls().size(), static_cast<std::size_t>(kSteps));
  EXPECT_EQ(Reload(job).started_at, UnixNow());
}

TEST_F(JobRunnerTest, ARequestedCancelStopsTheRunningJob) {
  const store::JobRow job = QueueJob();
  generator_.Hold("features:Epic 1");
  const auto runner = MakeRunner("worker-a");
  runner->Start();
  ASSERT_TRUE(generator_.AwaitHeld());
  ASSERT_TRUE(store_.RequestCancel(job.id, job.owner_id, UnixNow()));
  ASSERT_TRUE(clock_.AwaitWaiters(1));  // the runner's watch over the job
  clock_.Advance(kWatchEvery);
  ASSERT_TRUE(AwaitFinal(job));
  EXPECT_EQ(Reload(job).state, store::JobState::kCancelled);
  EXPECT_EQ(FinalEvent(job).value()["state"], "cancelled");
  EXPECT_THAT(generator_.Calls(), Not(Contains("features:Epic 2")));
}

TEST_F(JobRunnerTest, AJobWhoseWorkerDiedIsTakenOverWhenItsLeaseExpires) {
  const store::JobRow queued = QueueJob();
  // Another worker claimed the job, finished its first steps, and died.
  const store::JobRow claimed =
      store_.ClaimJob("dead-worker", UnixNow(), std::chrono::seconds(kLease).count()).value();
  FakeBacklogGenerator dead;
  const auto interrupted = MakeJob(claimed, dead, 1);
  dead.OnCall([&](const std::string& call) {
    if (call == "features:Epic 2") interrupted->Cancel();
  });
  ASSERT_EQ(interrupted->Run().state, store::JobState::kCancelled);

  const auto runner = MakeRunner("worker-b");
  runner->Start();
  ASSERT_TRUE(clock_.AwaitWaiters(1));  // polled, found nothing it may take, waits
  EXPECT_EQ(Reload(queued).state, store::JobState::kRunning);
  EXPECT_TRUE(generator_.Calls().empty());
  clock_.Advance(kLease + 1s);
  ASSERT_TRUE(AwaitFinal(queued));
  EXPECT_EQ(Reload(queued).state, store::JobState::kCompleted);
  // It resumed: the dead worker's finished steps were not run again.
  EXPECT_THAT(generator_.Calls(), Not(Contains("epics")));
  EXPECT_THAT(generator_.Calls(), Not(Contains("features:Epic 1")));
  EXPECT_EQ(generator_.Calls().size(), static_cast<std::size_t>(kSteps - 2));
}

TEST_F(JobRunnerTest, AWorkerThatLostItsLeaseStopsAndLeavesTheJobToTheNewOne) {
  const store::JobRow job = QueueJob();
  generator_.Hold("features:Epic 1");
  const auto runner = MakeRunner("worker-a");
  runner->Start();
  ASSERT_TRUE(generator_.AwaitHeld());
  // Seen from another worker, the lease has run out (this one was stalled): it takes the job.
  const auto later = UnixNow() + std::chrono::seconds(kLease).count() + 1;
  ASSERT_TRUE(store_.ClaimJob("worker-b", later, std::chrono::seconds(kLease).count()));
  ASSERT_TRUE(clock_.AwaitWaiters(1));
  clock_.Advance(kLease / 3);  // when this worker renews its lease, and finds it gone
  ASSERT_TRUE(run_returned_.Await());
  runner->Stop();
  // No final state: the job is worker-b's to finish.
  EXPECT_EQ(Reload(job).state, store::JobState::kRunning);
  EXPECT_FALSE(FinalEvent(job).has_value());
  EXPECT_FALSE(store_.RenewLease(job.id, "worker-a", later, 30));
  EXPECT_TRUE(store_.RenewLease(job.id, "worker-b", later, 30));
}

}  // namespace
}  // namespace pipeline
