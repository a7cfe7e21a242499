#include "unit/pipeline/fake_backlog_generator.hpp"

#include <algorithm>
#include <utility>

#include "llm/llm_error.hpp"

namespace pipeline {
namespace {

std::string Number(int n) { return std::to_string(n); }

backlog::Epic MakeEpic(int n) {
  backlog::Epic epic;
  epic.title = "Epic " + Number(n);
  epic.description = "Nurses find and book open shifts. Managers see coverage at a glance.";
  epic.priority = "High";
  epic.estimated_complexity = "L";
  epic.category = "core_platform";
  return epic;
}

backlog::Feature MakeFeature(int n) {
  backlog::Feature feature;
  feature.title = "Feature " + Number(n);
  feature.description = "A board listing open shifts by ward and date.";
  feature.priority = "Medium";
  feature.estimated_story_points = 8;
  feature.category = "core_functionality";
  return feature;
}

// Two words of its own in the user story keep it well apart from every other one.
backlog::Story MakeStory(int n) {
  backlog::Story story;
  story.title = "Story " + Number(n);
  story.user_story = "As a shift nurse, I want to book slot a" + Number(n) +
                     ", so that I can plan week b" + Number(n) + ".";
  story.acceptance_criteria = {"Given an open shift, When I book it, Then it shows as mine",
                               "Given a booked shift, When I open it, Then I see my name",
                               "Given a full week, When I book, Then the booking is refused"};
  story.story_points = 3;
  story.priority = "High";
  story.category = "data_management";
  story.user_type = "existing_user";
  return story;
}

backlog::Task MakeTask(int n) {
  backlog::Task task;
  task.title = "Implement part " + Number(n);
  task.description = "Add the code of part " + Number(n) + ".";
  task.category = "backend";
  task.estimate_hours = 4;
  task.complexity = "Medium";
  return task;
}

backlog::TestPlan MakeTestPlan(int n) {
  backlog::TestPlan plan;
  plan.name = "Plan " + Number(n);
  plan.test_approach = "Risk-based manual and automated testing.";
  plan.entry_criteria = {"The build is deployed"};
  plan.exit_criteria = {"No open blocker"};
  return plan;
}

backlog::TestSuite MakeTestSuite(int n) {
  backlog::TestSuite suite;
  suite.name = "Suite " + Number(n);
  suite.test_objectives = {"Prove that booking works"};
  return suite;
}

backlog::TestCase MakeTestCase(int n) {
  backlog::TestCase test_case;
  test_case.title = "Case " + Number(n);
  test_case.type = "positive";
  test_case.steps = {{"Open the board", "Open shifts are listed"}};
  return test_case;
}

template <typename Item, typename Make>
std::vector<Item> Several(int count, Make make, const std::function<int()>& next) {
  std::vector<Item> items;
  for (int i = 0; i < count; ++i) items.push_back(make(next()));
  return items;
}

}  // namespace

std::vector<std::string> FakeBacklogGenerator::Calls() const {
  std::lock_guard lock(mutex_);
  return calls_;
}

bool FakeBacklogGenerator::AwaitCall(const std::string& call, std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(
      lock, limit, [&] { return std::find(calls_.begin(), calls_.end(), call) != calls_.end(); });
}

void FakeBacklogGenerator::Hold(std::string call) {
  std::lock_guard lock(mutex_);
  hold_ = std::move(call);
  released_ = false;
}

bool FakeBacklogGenerator::AwaitHeld(std::chrono::milliseconds limit) {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, limit, [&] { return holding_; });
}

void FakeBacklogGenerator::Release() {
  std::lock_guard lock(mutex_);
  released_ = true;
  changed_.notify_all();
}

void FakeBacklogGenerator::OnCall(Hook hook) {
  std::lock_guard lock(mutex_);
  hook_ = std::move(hook);
}

void FakeBacklogGenerator::Enter(const std::string& call, const Context& context) {
  Hook hook;
  {
    std::unique_lock lock(mutex_);
    calls_.push_back(call);
    changed_.notify_all();
    hook = hook_;
    if (!hold_.empty() && call == hold_) {
      hold_.clear();
      holding_ = true;
      changed_.notify_all();
      changed_.wait(lock, [&] { return released_; });
      holding_ = false;
    }
  }
  if (hook) hook(call);
  if (context.cancelled != nullptr && context.cancelled->load()) {
    throw llm::LlmError(llm::LlmErrorKind::kCancelled, "the call was cancelled");
  }
}

int FakeBacklogGenerator::Next() {
  std::lock_guard lock(mutex_);
  return ++next_;
}

std::vector<backlog::Epic> FakeBacklogGenerator::Epics(const backlog::Project&, int max_items,
                                                       const Context& context) {
  Enter("epics", context);
  return Several<backlog::Epic>(max_items, MakeEpic, [this] { return Next(); });
}

backlog::Epic FakeBacklogGenerator::RegenerateEpic(const backlog::Project&, const backlog::Epic&,
                                                   const std::vector<backlog::Epic>&,
                                                   const std::string&, const Context& context) {
  Enter("regenerate-epic", context);
  return MakeEpic(Next());
}

std::vector<backlog::Feature> FakeBacklogGenerator::Features(const backlog::Project&,
                                                             const backlog::Epic& epic,
                                                             int max_items,
                                                             const Context& context) {
  Enter("features:" + epic.title, context);
  return Several<backlog::Feature>(max_items, MakeFeature, [this] { return Next(); });
}

backlog::Feature FakeBacklogGenerator::RegenerateFeature(const backlog::Project&,
                                                         const backlog::Epic&,
                                                         const backlog::Feature&,
                                                         const std::string&,
                                                         const Context& context) {
  Enter("regenerate-feature", context);
  return MakeFeature(Next());
}

std::vector<backlog::Story> FakeBacklogGenerator::Stories(const backlog::Project&,
                                                          const backlog::Epic&,
                                                          const backlog::Feature& feature,
                                                          int max_items, const Context& context) {
  Enter("stories:" + feature.title, context);
  return Several<backlog::Story>(max_items, MakeStory, [this] { return Next(); });
}

backlog::Story FakeBacklogGenerator::RegenerateStory(const backlog::Project&, const backlog::Epic&,
                                                     const backlog::Feature&, const backlog::Story&,
                                                     const std::string&, const Context& context) {
  Enter("regenerate-story", context);
  return MakeStory(Next());
}

std::vector<backlog::Task> FakeBacklogGenerator::Tasks(const backlog::Project&,
                                                       const backlog::Feature&,
                                                       const backlog::Story& story, int max_items,
                                                       const Context& context) {
  Enter("tasks:" + story.title, context);
  return Several<backlog::Task>(max_items, MakeTask, [this] { return Next(); });
}

backlog::Task FakeBacklogGenerator::RegenerateTask(const backlog::Project&, const backlog::Feature&,
                                                   const backlog::Story&, const backlog::Task&,
                                                   const std::string&, const Context& context) {
  Enter("regenerate-task", context);
  return MakeTask(Next());
}

backlog::TestPlan FakeBacklogGenerator::TestPlan(const backlog::Project&,
                                                 const backlog::Feature& feature,
                                                 const Context& context) {
  Enter("plan:" + feature.title, context);
  return MakeTestPlan(Next());
}

backlog::TestPlan FakeBacklogGenerator::RegenerateTestPlan(const backlog::Project&,
                                                           const backlog::Feature&,
                                                           const backlog::TestPlan&,
                                                           const std::string&,
                                                           const Context& context) {
  Enter("regenerate-plan", context);
  return MakeTestPlan(Next());
}

backlog::TestSuite FakeBacklogGenerator::TestSuite(const backlog::Project&, const backlog::Feature&,
                                                   const backlog::Story& story,
                                                   const Context& context) {
  Enter("suite:" + story.title, context);
  return MakeTestSuite(Next());
}

backlog::TestSuite FakeBacklogGenerator::RegenerateTestSuite(
    const backlog::Project&, const backlog::Feature&, const backlog::Story&,
    const backlog::TestSuite&, const std::string&, const Context& context) {
  Enter("regenerate-suite", context);
  return MakeTestSuite(Next());
}

std::vector<backlog::TestCase> FakeBacklogGenerator::TestCases(const backlog::Project&,
                                                               const backlog::Feature&,
                                                               const backlog::Story& story,
                                                               int max_items,
                                                               const Context& context) {
  Enter("cases:" + story.title, context);
  return Several<backlog::TestCase>(max_items, MakeTestCase, [this] { return Next(); });
}

backlog::TestCase FakeBacklogGenerator::RegenerateTestCase(
    const backlog::Project&, const backlog::Feature&, const backlog::Story&,
    const backlog::TestCase&, const std::string&, const Context& context) {
  Enter("regenerate-case", context);
  return MakeTestCase(Next());
}

}  // namespace pipeline
