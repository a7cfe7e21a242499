// The step bodies of a generation job: each asks the generator for one node's children, holds
// them to the quality rules, and commits them. Scheduling, commits and progress live in
// generation_job.cpp; the regeneration of one node in node_regeneration.cpp.

#include "backlog/quality.hpp"
#include "pipeline/generation_job.hpp"
#include "pipeline/quality_gate.hpp"
#include "pipeline/tree_rows.hpp"

namespace pipeline {
namespace {

using backlog::NodeKind;

template <typename Item>
void Trim(std::vector<Item>& items, int limit) {
  if (static_cast<int>(items.size()) > limit) items.resize(static_cast<std::size_t>(limit));
}

// The texts a level's near-duplicates are judged on.
template <typename Item>
std::vector<std::string> TitleOf(const Item& item) {
  return {item.title};
}
std::vector<std::string> StoryTexts(const backlog::Story& story) {
  return {story.user_story, story.title};
}

store::TreeChanges Inserting(std::vector<store::NodeRow> rows) {
  store::TreeChanges changes;
  changes.inserted = std::move(rows);
  return changes;
}

backlog::Story* FindStory(backlog::Backlog& tree, const std::string& story_id) {
  for (auto& epic : tree.epics) {
    for (auto& feature : epic.features) {
      for (auto& story : feature.stories) {
        if (story.id == story_id) return &story;
      }
    }
  }
  return nullptr;
}

}  // namespace

void GenerationJob::RunEpics(const Step& step) {
  const auto context = Context(step);
  std::vector<backlog::Epic> epics =
      deps_.generator.Epics(project_, project_.limits.max_epics, context);
  Trim(epics, project_.limits.max_epics);
  const int flagged = EnsureQuality(
      epics,
      AssessUnique(backlog::AssessEpic, "epic.unique", "epic", TitleOf<backlog::Epic>, {}, epics),
      [&](const backlog::Epic& failing, const std::string& findings) {
        return deps_.generator.RegenerateEpic(project_, failing, epics, findings, context);
      },
      options_.max_item_attempts, cancelled_);
  std::vector<store::NodeRow> rows;
  for (std::size_t i = 0; i < epics.size(); ++i) {
    epics[i].id = NewNodeId(NodeKind::kEpic);
    epics[i].features.clear();
    rows.push_back({epics[i].id, project_.id, "", "epic", static_cast<std::int64_t>(i),
                    NodeData(epics[i]), job_.id});
  }
  Commit(step, Inserting(std::move(rows)), flagged, [&] { tree_.epics = epics; });
  for (const auto& epic : epics) ScheduleChildren(NodeKind::kEpic, epic.id);
}

void GenerationJob::RunFeatures(const Step& step) {
  backlog::Epic epic;
  {
    std::lock_guard lock(mutex_);
    for (const auto& candidate : tree_.epics) {
      if (candidate.id == step.parent_id) epic = candidate;
    }
  }
  if (epic.id.empty()) return FailStep(step, "the epic no longer exists");
  const auto context = Context(step);
  const int limit = project_.limits.max_features_per_epic;
  std::vector<backlog::Feature> features = deps_.generator.Features(project_, epic, limit, context);
  Trim(features, limit);
  const int flagged = EnsureQuality(
      features,
      AssessUnique(backlog::AssessFeature, "feature.unique", "feature", TitleOf<backlog::Feature>,
                   {}, features),
      [&](const backlog::Feature& failing, const std::string& findings) {
        return deps_.generator.RegenerateFeature(project_, epic, failing, findings, context);
      },
      options_.max_item_attempts, cancelled_);
  std::vector<store::NodeRow> rows;
  for (std::size_t i = 0; i < features.size(); ++i) {
    features[i].id = NewNodeId(NodeKind::kFeature);
    features[i].stories.clear();
    features[i].test_plan.reset();
    rows.push_back({features[i].id, project_.id, epic.id, "feature", static_cast<std::int64_t>(i),
                    NodeData(features[i]), job_.id});
  }
  Commit(step, Inserting(std::move(rows)), flagged, [&] {
    for (auto& candidate : tree_.epics) {
      if (candidate.id == epic.id) candidate.features = features;
    }
  });
  for (const auto& feature : features) ScheduleChildren(NodeKind::kFeature, feature.id);
}

void GenerationJob::RunStories(const Step& step) {
  backlog::Epic epic;
  backlog::Feature feature;
  {
    std::lock_guard lock(mutex_);
    for (const auto& e : tree_.epics) {
      for (const auto& f : e.features) {
        if (f.id == step.parent_id) {
          epic = e;
          feature = f;
        }
      }
    }
  }
  if (feature.id.empty()) return FailStep(step, "the feature no longer exists");
  epic.features.clear();
  const auto context = Context(step);
  const int limit = project_.limits.max_stories_per_feature;
  std::vector<backlog::Story> stories =
      deps_.generator.Stories(project_, epic, feature, limit, context);
  Trim(stories, limit);
  const int flagged = EnsureQuality(
      stories,
      AssessUnique(backlog::AssessStory, "story.unique", "story", StoryTexts, ExistingStories(),
                   stories),
      [&](const backlog::Story& failing, const std::string& findings) {
        return deps_.generator.RegenerateStory(project_, epic, feature, failing, findings, context);
      },
      options_.max_item_attempts, cancelled_);
  std::vector<store::NodeRow> rows;
  for (std::size_t i = 0; i < stories.size(); ++i) {
    stories[i].id = NewNodeId(NodeKind::kStory);
    stories[i].tasks.clear();
    stories[i].test_cases.clear();
    stories[i].test_suite.reset();
    rows.push_back({stories[i].id, project_.id, feature.id, "story", static_cast<std::int64_t>(i),
                    NodeData(stories[i]), job_.id});
  }
  Commit(step, Inserting(std::move(rows)), flagged, [&] {
    for (auto& e : tree_.epics) {
      for (auto& f : e.features) {
        if (f.id == feature.id) f.stories = stories;
      }
    }
  });
  for (const auto& story : stories) ScheduleChildren(NodeKind::kStory, story.id);
  if (project_.include_test_artifacts) Schedule({"plan:" + feature.id, "plan", feature.id});
}

std::vector<ExistingItem> GenerationJob::ExistingStories() {
  std::lock_guard lock(mutex_);
  std::vector<ExistingItem> existing;
  for (const auto& epic : tree_.epics) {
    for (const auto& feature : epic.features) {
      for (const auto& story : feature.stories) {
        existing.push_back({"story \"" + story.title + "\"", StoryTexts(story)});
      }
    }
  }
  return existing;
}

GenerationJob::StoryScope GenerationJob::ScopeOf(const std::string& story_id) {
  std::lock_guard lock(mutex_);
  for (const auto& e : tree_.epics) {
    for (const auto& f : e.features) {
      for (const auto& s : f.stories) {
        if (s.id == story_id) return {f, s};
      }
    }
  }
  return {};
}

void GenerationJob::RunTasks(const Step& step) {
  const StoryScope scope = ScopeOf(step.parent_id);
  if (scope.story.id.empty()) return FailStep(step, "the story no longer exists");
  const auto context = Context(step);
  const int limit = project_.limits.max_tasks_per_story;
  std::vector<backlog::Task> tasks =
      deps_.generator.Tasks(project_, scope.feature, scope.story, limit, context);
  Trim(tasks, limit);
  const int flagged = EnsureQuality(
      tasks,
      AssessUnique(backlog::AssessTask, "task.unique", "task", TitleOf<backlog::Task>, {}, tasks),
      [&](const backlog::Task& failing, const std::string& findings) {
        return deps_.generator.RegenerateTask(project_, scope.feature, scope.story, failing,
                                              findings, context);
      },
      options_.max_item_attempts, cancelled_);
  std::vector<store::NodeRow> rows;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    tasks[i].id = NewNodeId(NodeKind::kTask);
    rows.push_back({tasks[i].id, project_.id, scope.story.id, "task", static_cast<std::int64_t>(i),
                    NodeData(tasks[i]), job_.id});
  }
  Commit(step, Inserting(std::move(rows)), flagged, [&] {
    if (backlog::Story* story = FindStory(tree_, scope.story.id)) story->tasks = tasks;
  });
}

void GenerationJob::RunTestPlan(const Step& step) {
  backlog::Feature feature;
  {
    std::lock_guard lock(mutex_);
    for (const auto& e : tree_.epics) {
      for (const auto& f : e.features) {
        if (f.id == step.parent_id) feature = f;
      }
    }
  }
  if (feature.id.empty()) return FailStep(step, "the feature no longer exists");
  const auto context = Context(step);
  std::vector<backlog::TestPlan> plans = {deps_.generator.TestPlan(project_, feature, context)};
  const int flagged = EnsureQuality(
      plans, AssessAlone(backlog::AssessTestPlan),
      [&](const backlog::TestPlan& failing, const std::string& findings) {
        return deps_.generator.RegenerateTestPlan(project_, feature, failing, findings, context);
      },
      options_.max_item_attempts, cancelled_);
  plans[0].id = NewNodeId(NodeKind::kTestPlan);
  Commit(step,
         Inserting(
             {{plans[0].id, project_.id, feature.id, "test_plan", 0, NodeData(plans[0]), job_.id}}),
         flagged, [&] {
           for (auto& e : tree_.epics) {
             for (auto& f : e.features) {
               if (f.id == feature.id) f.test_plan = plans[0];
             }
           }
         });
}

void GenerationJob::RunTestSuite(const Step& step) {
  const StoryScope scope = ScopeOf(step.parent_id);
  if (scope.story.id.empty()) return FailStep(step, "the story no longer exists");
  const auto context = Context(step);
  std::vector<backlog::TestSuite> suites = {
      deps_.generator.TestSuite(project_, scope.feature, scope.story, context)};
  const int flagged = EnsureQuality(
      suites, AssessAlone(backlog::AssessTestSuite),
      [&](const backlog::TestSuite& failing, const std::string& findings) {
        return deps_.generator.RegenerateTestSuite(project_, scope.feature, scope.story, failing,
                                                   findings, context);
      },
      options_.max_item_attempts, cancelled_);
  suites[0].id = NewNodeId(NodeKind::kTestSuite);
  Commit(step,
         Inserting({{suites[0].id, project_.id, scope.story.id, "test_suite", 0,
                     NodeData(suites[0]), job_.id}}),
         flagged, [&] {
           if (backlog::Story* story = FindStory(tree_, scope.story.id)) {
             story->test_suite = suites[0];
           }
         });
}

void GenerationJob::RunTestCases(const Step& step) {
  const StoryScope scope = ScopeOf(step.parent_id);
  if (scope.story.id.empty()) return FailStep(step, "the story no longer exists");
  const auto context = Context(step);
  const int limit = project_.limits.max_test_cases_per_story;
  std::vector<backlog::TestCase> cases;
  if (limit > 0) {
    cases = deps_.generator.TestCases(project_, scope.feature, scope.story, limit, context);
  }
  Trim(cases, limit);
  const int flagged = EnsureQuality(
      cases, AssessAlone(backlog::AssessTestCase),
      [&](const backlog::TestCase& failing, const std::string& findings) {
        return deps_.generator.RegenerateTestCase(project_, scope.feature, scope.story, failing,
                                                  findings, context);
      },
      options_.max_item_attempts, cancelled_);
  std::vector<store::NodeRow> rows;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    cases[i].id = NewNodeId(NodeKind::kTestCase);
    rows.push_back({cases[i].id, project_.id, scope.story.id, "test_case",
                    static_cast<std::int64_t>(i), NodeData(cases[i]), job_.id});
  }
  Commit(step, Inserting(std::move(rows)), flagged, [&] {
    if (backlog::Story* story = FindStory(tree_, scope.story.id)) story->test_cases = cases;
  });
}

}  // namespace pipeline
