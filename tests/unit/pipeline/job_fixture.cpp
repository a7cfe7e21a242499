#include "unit/pipeline/job_fixture.hpp"

#include <condition_variable>
#include <memory>
#include <mutex>

#include "pipeline/tree_rows.hpp"
#include "store/sql/sql_user_store.hpp"

namespace pipeline {

JobFixture::JobFixture() : database_({dir_ / "backlog.db", 5000, 4}), store_(database_) {
  database_.Migrate(store::sqlite::EmbeddedMigrations());
  store::sql::SqlUserStore users(database_);
  store::UserRecord owner;
  users.Create({"ada", "ada@example.com", "Ada Lovelace", "not-a-hash"}, UnixNow(), &owner);
  project_.id = NewId("project");
  project_.owner_id = owner.id;
  project_.name = "Clinic rota";
  project_.vision = "Nurses book open shifts; managers see coverage.";
  project_.limits = {2, 2, 1, 1, 1};
  project_.include_test_artifacts = true;
  store_.CreateProject({project_.id, owner.id, project_.name, "{}", UnixNow(), UnixNow()});
}

store::JobRow JobFixture::QueueJob() {
  store::JobRow job;
  job.id = NewId("job");
  job.project_id = project_.id;
  job.owner_id = project_.owner_id;
  job.kind = store::JobKind::kGenerate;
  job.state = store::JobState::kQueued;
  job.options = "{}";
  job.created_at = UnixNow();
  EXPECT_EQ(store_.CreateJob(job, R"({"state": "queued"})", 0).outcome,
            store::JobCreation::Outcome::kCreated);
  return Reload(job);
}

store::JobRow JobFixture::Reload(const store::JobRow& job) { return store_.Job(job.id).value(); }

std::unique_ptr<GenerationJob> JobFixture::MakeJob(const store::JobRow& job,
                                                   FakeBacklogGenerator& generator, int threads) {
  GenerationOptions options;
  options.threads = threads;
  return std::make_unique<GenerationJob>(
      job, project_, JobDependencies{store_, store_, generator, bus_, nullptr, clock_}, options);
}

std::vector<std::string> JobFixture::NodeIds(std::string_view kind) {
  std::vector<std::string> ids;
  for (const auto& node : store_.Nodes(project_.id)) {
    if (node.kind == kind) ids.push_back(node.id);
  }
  return ids;
}

std::map<std::string, int> JobFixture::NodeCounts() {
  std::map<std::string, int> counts;
  for (const auto& node : store_.Nodes(project_.id)) ++counts[node.kind];
  return counts;
}

bool JobFixture::AwaitFinal(const store::JobRow& job, std::chrono::milliseconds limit) {
  // Shared with the listener: the bus may still be calling a copy of it after Unsubscribe.
  struct Wake {
    std::mutex mutex;
    std::condition_variable changed;
  };
  const auto wake = std::make_shared<Wake>();
  const auto subscription = bus_.Subscribe(job.id, [wake] {
    std::lock_guard lock(wake->mutex);
    wake->changed.notify_all();
  });
  std::unique_lock lock(wake->mutex);
  const bool final = wake->changed.wait_for(
      lock, limit, [&] { return store::IsFinal(store_.Job(job.id).value().state); });
  lock.unlock();
  bus_.Unsubscribe(subscription);
  return final;
}

}  // namespace pipeline
