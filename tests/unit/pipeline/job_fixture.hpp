#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "backlog/model.hpp"
#include "pipeline/event_bus.hpp"
#include "pipeline/generation_job.hpp"
#include "store/pipeline_store.hpp"
#include "store/sql/sql_pipeline_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "support/manual_clock.hpp"
#include "support/temp_dir.hpp"
#include "unit/pipeline/fake_backlog_generator.hpp"

namespace pipeline {

// What a generation job and the runner work on: a migrated SQLite database in a temp folder with
// one user and one project (2 epics x 2 features x 1 story, 1 task and 1 test case per story, test
// artefacts on: 23 steps), the event bus, and a manual clock.
class JobFixture : public ::testing::Test {
 protected:
  static constexpr int kSteps = 23;

  JobFixture();

  // A "generate" job of the project, queued as the API queues it.
  store::JobRow QueueJob();
  // The job as the store has it now.
  store::JobRow Reload(const store::JobRow& job);
  std::unique_ptr<GenerationJob> MakeJob(const store::JobRow& job, FakeBacklogGenerator& generator,
                                         int threads);
  std::int64_t UnixNow() const { return timing::UnixSeconds(clock_); }

  // The ids of the project's stored nodes of one kind ("epic", "feature", ...).
  std::vector<std::string> NodeIds(std::string_view kind);
  std::map<std::string, int> NodeCounts();
  // Blocks until the job is in a final state in the store, woken by the job's events.
  bool AwaitFinal(const store::JobRow& job,
                  std::chrono::milliseconds limit = std::chrono::milliseconds(20'000));

  testing_support::TempDir dir_;
  store::sqlite::SqliteDatabase database_;
  store::sql::SqlPipelineStore store_;
  EventBus bus_;
  testing_support::ManualClock clock_;
  backlog::Project project_;
};

}  // namespace pipeline
