// The use cases behind the API and the CLI, on a real SQLite store and without a server: the
// rules a person meets (required fields, limits, conflicts with running jobs, queue caps,
// ownership) and what each call leaves in the store.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "backlog/json_mapping.hpp"
#include "pipeline/event_bus.hpp"
#include "pipeline/tree_rows.hpp"
#include "services/backlog_service.hpp"
#include "services/job_service.hpp"
#include "services/project_service.hpp"
#include "services/service_error.hpp"
#include "store/sql/sql_pipeline_store.hpp"
#include "store/sql/sql_user_store.hpp"
#include "store/sqlite/sqlite_database.hpp"
#include "support/temp_dir.hpp"

namespace services {
namespace {

using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr std::int64_t kNow = 1'800'000'000;

// The error a call throws, or nullopt when it succeeds.
template <typename Call>
std::optional<ServiceError> ErrorOf(Call&& call) {
  try {
    call();
  } catch (const ServiceError& error) {
    return error;
  }
  return std::nullopt;
}

store::sql::Database& Migrated(store::sql::Database& database) {
  database.Migrate(store::sqlite::EmbeddedMigrations());
  return database;
}

class ServicesTest : public ::testing::Test {
 protected:
  ServicesTest()
      : database_({dir_ / "test.db", 5000, 4}),
        store_(Migrated(database_)),
        projects_(store_, store_, store_, [this] { return now_; }),
        jobs_(
            store_, store_, bus_, [this] { ++wakes_; }, {3}, [this] { return now_; }),
        backlogs_(store_, projects_, jobs_, [this] { return now_; }) {
    store::sql::SqlUserStore users(database_);
    store::UserRecord user;
    users.Create({"ada", "ada@example.com", "Ada", "!", "user"}, kNow, &user);
    ada_ = user.id;
    users.Create({"ben", "ben@example.com", "Ben", "!", "user"}, kNow, &user);
    ben_ = user.id;
  }

  static ProjectFields Fields() {
    ProjectFields fields;
    fields.name = "Riverside Clinic";
    fields.domains = std::vector<std::string>{"healthcare", "healthcare", "insurance"};
    fields.vision = "Patients book appointments, check in with a QR code and get reminders.";
    return fields;
  }

  // A finished generation that left one epic with one feature with one story.
  std::string GenerateTree(const backlog::Project& project) {
    const store::JobRow job = jobs_.StartGeneration(ada_, project.id, false);
    backlog::Epic epic;
    epic.title = "Check-in";
    epic.description = "Patients check in without queueing at the desk.";
    backlog::Feature feature;
    feature.title = "QR check-in";
    feature.description = "A code in the confirmation e-mail checks the patient in.";
    backlog::Story story;
    story.title = "Scan to check in";
    story.user_story = "As a patient, I want to scan my code, so that I skip the queue.";
    story.acceptance_criteria = {"Given a booking, when I scan, then I am checked in."};
    story.story_points = 3;
    store::TreeChanges changes;
    changes.inserted = {
        {"epic_1", project.id, "", "epic", 0, pipeline::NodeData(epic), job.id},
        {"feature_1", project.id, "epic_1", "feature", 0, pipeline::NodeData(feature), job.id},
        {"story_1", project.id, "feature_1", "story", 0, pipeline::NodeData(story), job.id}};
    store_.CommitStep(job.id, "epics", "done", "", changes, {}, now_);
    Finish(job.id, store::JobState::kCompleted);
    return job.id;
  }

  void Finish(const std::string& job_id, store::JobState state) {
    const Json data = {{"state", store::JobStateName(state)}};
    store_.SetState(job_id, state, "", "", {0, now_, "final", data.dump()}, now_);
  }

  testing_support::TempDir dir_;
  store::sqlite::SqliteDatabase database_;
  store::sql::SqlPipelineStore store_;
  pipeline::EventBus bus_;
  std::int64_t now_ = kNow;
  int wakes_ = 0;
  ProjectService projects_;
  JobService jobs_;
  BacklogService backlogs_;
  std::int64_t ada_ = 0;
  std::int64_t ben_ = 0;
};

// --- projects -------------------------------------------------------------------------------

TEST_F(ServicesTest, AProjectNeedsANameDomainsAndAVisionAndKeepsTheRulesOfEachField) {
  ProjectFields fields = Fields();
  fields.name.reset();
  EXPECT_EQ(ErrorOf([&] { projects_.Create(ada_, fields); })->field(), "name");
  fields = Fields();
  fields.domains = std::vector<std::string>{"bakery"};
  const auto unknown = ErrorOf([&] { projects_.Create(ada_, fields); });
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->kind(), ErrorKind::kInvalid);
  EXPECT_EQ(unknown->field(), "domains");
  EXPECT_THAT(unknown->what(), HasSubstr("bakery"));
  fields = Fields();
  fields.vision = "Too short";
  EXPECT_EQ(ErrorOf([&] { projects_.Create(ada_, fields); })->field(), "vision");
  fields = Fields();
  fields.limits = backlog::WorkItemLimits{};
  fields.limits->max_epics = 0;
  EXPECT_EQ(ErrorOf([&] { projects_.Create(ada_, fields); })->field(), "limits");
  EXPECT_EQ(projects_.List(ada_, 1, 10).total, 0);  // nothing was stored

  const backlog::Project created = projects_.Create(ada_, Fields());
  EXPECT_EQ(created.domains, (std::vector<std::string>{"healthcare", "insurance"}));
  EXPECT_EQ(created.created_at, kNow);
  EXPECT_EQ(projects_.Get(ada_, created.id).name, "Riverside Clinic");
}

TEST_F(ServicesTest, NewProjectsStartWithTheOwnersSavedLimits) {
  backlog::WorkItemLimits limits;
  limits.max_epics = 2;
  limits.max_tasks_per_story = 4;
  projects_.SaveDefaultLimits(ada_, limits);
  EXPECT_EQ(projects_.Create(ada_, Fields()).limits.max_epics, 2);
  EXPECT_EQ(projects_.Create(ben_, Fields()).limits.max_epics, backlog::WorkItemLimits{}.max_epics);
  limits.max_epics = 0;
  EXPECT_EQ(ErrorOf([&] { projects_.SaveDefaultLimits(ada_, limits); })->field(), "limits");
}

TEST_F(ServicesTest, AnotherUsersProjectDoesNotExistForTheCaller) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  for (const auto& call : std::vector<std::function<void()>>{
           [&] { projects_.Get(ben_, project.id); },
           [&] { projects_.Update(ben_, project.id, {}); },
           [&] { projects_.Delete(ben_, project.id); }, [&] { backlogs_.Tree(ben_, project.id); },
           [&] { jobs_.StartGeneration(ben_, project.id, false); },
           [&] { jobs_.ListForProject(ben_, project.id); }}) {
    const auto error = ErrorOf(call);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->kind(), ErrorKind::kNotFound);
  }
  EXPECT_EQ(projects_.List(ben_, 1, 10).total, 0);
}

TEST_F(ServicesTest, AnUpdateChangesOnlyTheFieldsGiven) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  now_ += 60;
  ProjectFields change;
  change.name = "Riverside Clinic app";
  const backlog::Project updated = projects_.Update(ada_, project.id, change);
  EXPECT_EQ(updated.name, "Riverside Clinic app");
  EXPECT_EQ(updated.vision, project.vision);
  EXPECT_EQ(updated.updated_at, kNow + 60);
  EXPECT_EQ(projects_.Get(ada_, project.id).name, "Riverside Clinic app");
}

TEST_F(ServicesTest, AProjectIsDeletedOnlyWhileNoJobRunsForIt) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  const store::JobRow job = jobs_.StartGeneration(ada_, project.id, false);
  const auto busy = ErrorOf([&] { projects_.Delete(ada_, project.id); });
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->kind(), ErrorKind::kConflict);
  EXPECT_THAT(busy->what(), HasSubstr(job.id));
  Finish(job.id, store::JobState::kFailed);
  projects_.Delete(ada_, project.id);
  EXPECT_EQ(ErrorOf([&] { projects_.Get(ada_, project.id); })->kind(), ErrorKind::kNotFound);
}

// --- jobs -----------------------------------------------------------------------------------

TEST_F(ServicesTest, OneJobAtATimePerProjectAndAQueueCapPerOwner) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  const store::JobRow first = jobs_.StartGeneration(ada_, project.id, false);
  EXPECT_EQ(first.state, store::JobState::kQueued);
  EXPECT_EQ(wakes_, 1);  // the runner hears of it at once
  const auto busy = ErrorOf([&] { jobs_.StartGeneration(ada_, project.id, false); });
  ASSERT_TRUE(busy);
  EXPECT_EQ(busy->code(), "job_running");
  EXPECT_THAT(busy->what(), HasSubstr(first.id));

  const pipeline::VisionRequest vision{*Fields().vision, {"retail"}};
  jobs_.StartVisionOptimization(ada_, vision);
  jobs_.StartVisionOptimization(ada_, vision);
  const auto full = ErrorOf([&] { jobs_.StartVisionOptimization(ada_, vision); });
  ASSERT_TRUE(full);
  EXPECT_EQ(full->kind(), ErrorKind::kTooMany);
  EXPECT_EQ(full->retry_after_seconds(), 30);
  jobs_.StartVisionOptimization(ben_, vision);  // the cap is per owner
}

TEST_F(ServicesTest, AProjectWithABacklogIsGeneratedAgainOnlyWhenReplacing) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  GenerateTree(project);
  EXPECT_EQ(ErrorOf([&] { jobs_.StartGeneration(ada_, project.id, false); })->code(),
            "backlog_exists");
  const store::JobRow again = jobs_.StartGeneration(ada_, project.id, true);
  EXPECT_EQ(Json::parse(again.options)["replace"], true);
}

TEST_F(ServicesTest, CancellingAQueuedJobEndsItAndAFinishedOneCannotBeCancelled) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  const store::JobRow job = jobs_.StartGeneration(ada_, project.id, false);
  int notified = 0;
  const auto subscription = jobs_.Subscribe(job.id, [&] { ++notified; });
  EXPECT_EQ(jobs_.Cancel(ada_, job.id).job.state, store::JobState::kCancelled);
  EXPECT_EQ(notified, 1);
  jobs_.Unsubscribe(subscription);
  EXPECT_EQ(ErrorOf([&] { jobs_.Cancel(ada_, job.id); })->code(), "job_finished");
  EXPECT_EQ(ErrorOf([&] { jobs_.Cancel(ben_, job.id); })->kind(), ErrorKind::kNotFound);
  EXPECT_EQ(jobs_.Events(job.id, 0, 10).back().type, "final");
}

TEST_F(ServicesTest, AVisionRequestFollowsTheProjectRules) {
  EXPECT_EQ(ErrorOf([] { CheckedVisionRequest("short", {"retail"}); })->field(), "vision");
  EXPECT_EQ(ErrorOf([] { CheckedVisionRequest(*Fields().vision, {}); })->field(), "domains");
  EXPECT_EQ(CheckedVisionRequest(*Fields().vision, {"retail", "retail"}).domains,
            std::vector<std::string>{"retail"});
}

// --- backlogs -------------------------------------------------------------------------------

TEST_F(ServicesTest, AnEditIsCheckedAndAssessedAgain) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  GenerateTree(project);
  const auto fixed = ErrorOf([&] { backlogs_.EditNode(ada_, "story_1", {{"quality", {}}}); });
  ASSERT_TRUE(fixed);
  EXPECT_EQ(fixed->field(), "quality");
  EXPECT_EQ(ErrorOf([&] {
              backlogs_.EditNode(ada_, "story_1", {{"story_points", "many"}});
            })->kind(),
            ErrorKind::kInvalid);
  EXPECT_EQ(ErrorOf([&] {
              backlogs_.EditNode(ben_, "story_1", {{"title", "x"}});
            })->kind(),
            ErrorKind::kNotFound);

  const EditedNode edited =
      backlogs_.EditNode(ada_, "story_1", {{"title", "Scan the code to check in"}});
  EXPECT_EQ(edited.parent_id, "feature_1");
  EXPECT_EQ(edited.data["title"], "Scan the code to check in");
  EXPECT_TRUE(edited.data["quality"].contains("score"));
  // One criterion is below the rules' minimum of three: the story needs review.
  EXPECT_EQ(edited.data["quality"]["needs_review"], true);
  const backlog::Backlog tree = backlogs_.Tree(ada_, project.id);
  EXPECT_EQ(tree.epics.at(0).features.at(0).stories.at(0).title, "Scan the code to check in");
}

TEST_F(ServicesTest, PeopleChangeABacklogOnlyWhileNoJobChangesIt) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  GenerateTree(project);
  const store::JobRow job = backlogs_.RegenerateNode(
      ada_, "story_1", {{"with_children", true}, {"instructions", "Shorter titles."}});
  EXPECT_EQ(job.kind, store::JobKind::kRegenerate);
  EXPECT_EQ(Json::parse(job.options)["node_id"], "story_1");
  for (const auto& call : std::vector<std::function<void()>>{
           [&] {
             backlogs_.EditNode(ada_, "story_1", {{"title", "Other"}});
           },
           [&] { backlogs_.DeleteNode(ada_, "feature_1"); }}) {
    const auto busy = ErrorOf(call);
    ASSERT_TRUE(busy);
    EXPECT_EQ(busy->kind(), ErrorKind::kConflict);
    EXPECT_THAT(busy->what(), HasSubstr(job.id));
  }
  Finish(job.id, store::JobState::kCompleted);
  backlogs_.DeleteNode(ada_, "feature_1");
  EXPECT_TRUE(backlogs_.Tree(ada_, project.id).epics.at(0).features.empty());
  EXPECT_EQ(ErrorOf([&] { backlogs_.DeleteNode(ada_, "story_1"); })->kind(),
            ErrorKind::kNotFound);  // it went with its feature
}

TEST_F(ServicesTest, ABadRegenerationRequestIsRefusedBeforeAnyJob) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  GenerateTree(project);
  EXPECT_EQ(ErrorOf([&] {
              backlogs_.RegenerateNode(ada_, "story_1", {{"with_children", "yes"}});
            })->kind(),
            ErrorKind::kInvalid);
  EXPECT_FALSE(projects_.ActiveJob(project.id));
}

TEST_F(ServicesTest, AnExportIsNamedAfterTheProject) {
  const backlog::Project project = projects_.Create(ada_, Fields());
  GenerateTree(project);
  const ExportedBacklog file = backlogs_.Export(ada_, project.id, backlog::ExportFormat::kMarkdown);
  EXPECT_EQ(file.file_name, "Riverside-Clinic.md");
  EXPECT_THAT(file.content, HasSubstr("Scan to check in"));
  EXPECT_THAT(file.content_type, HasSubstr("markdown"));
}

}  // namespace
}  // namespace services
