// A generation job survives the service being killed: the next start resumes it where it
// stopped, without losing or duplicating a node and without asking the LLM again for a step
// that had finished.
#include <gtest/gtest.h>
#include <signal.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "support/auth_helpers.hpp"
#include "support/fake_llm.hpp"
#include "support/finished_work.hpp"
#include "support/pipeline_api.hpp"
#include "support/service_process.hpp"
#include "support/temp_dir.hpp"
#include "support/test_database.hpp"

namespace testing_support {
namespace {

using Json = nlohmann::json;
using namespace std::chrono_literals;

TEST(PipelineResume, AKilledJobResumesAfterRestartWithoutRedoingFinishedSteps) {
  TempDir dir;
  // Slow enough that the job is caught midway; the messages map each call to its step.
  FakeLlm llm({"--latency-ms", "300", "--log-messages"});
  const EnvVars env = PipelineEnv(llm, {{"JOB_LEASE_SECONDS", "5"}, {"LLM_MAX_IN_FLIGHT", "2"}});
  const Json limits = LimitsJson(2, 2, 2, 2, 2);

  SignedInClient ada;
  std::string project_id;
  std::string job_id;
  {
    Service first(Service::InFolder{dir.path()}, env);
    ada = RegisterUser(first.port(), "ada");
    project_id = CreateProject(first.port(), ada, limits)["id"];
    job_id = StartGeneration(first.port(), ada, project_id);
    ASSERT_FALSE(job_id.empty());
    // Kill it once several steps are done, with features and stories already written.
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    Json job;
    for (;;) {
      job = GetJson(first.port(), ada, "/api/jobs/" + job_id);
      if (job["progress"].is_object() && job["progress"]["done"].get<int>() >= 10) break;
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << job.dump();
      ASSERT_FALSE(IsSuccessfulJobState(job["state"])) << "finished before the kill";
      std::this_thread::sleep_for(50ms);
    }
    first.process().Signal(SIGKILL);
    ASSERT_EQ(first.process().WaitForExit(10s), std::optional<int>(128 + SIGKILL));
  }

  // What had finished when the service died, as its database says.
  const FinishedWork before(dir.path(), llm, job_id, project_id);
  ASSERT_EQ(before.job_state(), "running");
  ASSERT_GE(before.steps(), 10u);
  ASSERT_LT(before.steps(), 35u) << "the job must be caught midway";

  // The next start takes the job over once its lease runs out and finishes it.
  Service second(Service::InFolder{dir.path()}, env);
  const Json job = WaitForJob(second.port(), ada, job_id, 60s);
  ASSERT_TRUE(IsSuccessfulJobState(job["state"])) << job.dump();
  EXPECT_EQ(job["result"]["failed_steps"], 0) << job.dump();
  const Json backlog = GetBacklog(second.port(), ada, project_id);
  ExpectCompleteTree(backlog, limits);  // nothing missing, nothing twice
  before.ExpectKept(backlog, llm);
}

}  // namespace
}  // namespace testing_support
