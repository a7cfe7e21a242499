// The "node" step of a regenerate job: one existing node written again by its agent, with the
// reviewer's instructions and the node's current findings, then held to the quality rules like
// any generated item.

#include <optional>

#include "backlog/json_mapping.hpp"
#include "backlog/quality.hpp"
#include "pipeline/generation_job.hpp"
#include "pipeline/quality_gate.hpp"
#include "pipeline/tree_rows.hpp"

namespace pipeline {
namespace {

using backlog::NodeKind;

// Where a node sits in the tree: indices of its ancestors and itself.
struct Location {
  NodeKind kind = NodeKind::kEpic;
  std::size_t epic = 0;
  std::size_t feature = 0;
  std::size_t story = 0;
  std::size_t item = 0;
};

std::optional<Location> Locate(const backlog::Backlog& tree, const std::string& id) {
  for (std::size_t e = 0; e < tree.epics.size(); ++e) {
    const auto& epic = tree.epics[e];
    if (epic.id == id) return Location{NodeKind::kEpic, e};
    for (std::size_t f = 0; f < epic.features.size(); ++f) {
      const auto& feature = epic.features[f];
      if (feature.id == id) return Location{NodeKind::kFeature, e, f};
      if (feature.test_plan && feature.test_plan->id == id) {
        return Location{NodeKind::kTestPlan, e, f};
      }
      for (std::size_t s = 0; s < feature.stories.size(); ++s) {
        const auto& story = feature.stories[s];
        if (story.id == id) return Location{NodeKind::kStory, e, f, s};
        if (story.test_suite && story.test_suite->id == id) {
          return Location{NodeKind::kTestSuite, e, f, s};
        }
        for (std::size_t t = 0; t < story.tasks.size(); ++t) {
          if (story.tasks[t].id == id) return Location{NodeKind::kTask, e, f, s, t};
        }
        for (std::size_t c = 0; c < story.test_cases.size(); ++c) {
          if (story.test_cases[c].id == id) return Location{NodeKind::kTestCase, e, f, s, c};
        }
      }
    }
  }
  return std::nullopt;
}

// What the model is told to fix: the node's failed checks, plus the reviewer's request, which
// is why the node is being regenerated at all.
template <typename Item, typename Assess>
std::string RequestFindings(const Item& item, Assess assess, const std::string& instructions) {
  std::string findings = backlog::FindingsForPrompt(assess(item));
  findings +=
      instructions.empty()
          ? "- [reviewer] A reviewer asked for a better version of this item; keep its "
            "scope and make it clearer and more specific.\n"
          : "- [reviewer] A reviewer asked for a new version of this item: " + instructions + "\n";
  return findings;
}

// Regenerates `current` on request, then holds the result to the quality rules (further
// regenerations with its own findings if it fails). Returns the new item with the old id.
template <typename Item, typename Assess, typename Regenerate>
Item Rewrite(const Item& current, Assess assess, Regenerate regenerate,
             const std::string& instructions, int max_attempts, const std::atomic<bool>& cancelled,
             int& flagged) {
  std::vector<Item> items = {regenerate(current, RequestFindings(current, assess, instructions))};
  flagged = EnsureQuality(items, AssessAlone(assess), regenerate, max_attempts, cancelled);
  items[0].id = current.id;
  return std::move(items[0]);
}

}  // namespace

void GenerationJob::RunNode(const Step& step) {
  const std::string& id = step.parent_id;
  std::optional<Location> at;
  backlog::Backlog tree;
  {
    std::lock_guard lock(mutex_);
    at = Locate(tree_, id);
    if (at) tree = tree_;  // a copy: the agents work without the lock
  }
  if (!at) return FailStep(step, "the item no longer exists");
  const bool with_children = regeneration_->with_children;
  const std::string& instructions = regeneration_->instructions;
  const int attempts = options_.max_item_attempts;
  const auto context = Context(step);
  int flagged = 0;

  auto& epic = tree.epics[at->epic];
  store::NodeRow row{id, project_.id, "", backlog::NodeKindName(at->kind), 0, "", job_.id};
  std::function<void()> apply;
  switch (at->kind) {
    case NodeKind::kEpic: {
      backlog::Epic bare = epic;
      bare.features.clear();
      std::vector<backlog::Epic> siblings = tree.epics;
      for (auto& sibling : siblings) sibling.features.clear();
      backlog::Epic fresh = Rewrite(
          bare, backlog::AssessEpic,
          [&](const backlog::Epic& failing, const std::string& findings) {
            return deps_.generator.RegenerateEpic(project_, failing, siblings, findings, context);
          },
          instructions, attempts, cancelled_, flagged);
      row.position = static_cast<std::int64_t>(at->epic);
      row.data = NodeData(fresh);
      apply = [this, at, fresh, with_children] {
        auto& target = tree_.epics[at->epic];
        auto features = with_children ? std::vector<backlog::Feature>{} : target.features;
        target = fresh;
        target.features = std::move(features);
      };
      break;
    }
    case NodeKind::kFeature: {
      const auto& feature = epic.features[at->feature];
      backlog::Feature bare = feature;
      bare.stories.clear();
      bare.test_plan.reset();
      backlog::Feature fresh = Rewrite(
          bare, backlog::AssessFeature,
          [&](const backlog::Feature& failing, const std::string& findings) {
            return deps_.generator.RegenerateFeature(project_, epic, failing, findings, context);
          },
          instructions, attempts, cancelled_, flagged);
      row.parent_id = epic.id;
      row.position = static_cast<std::int64_t>(at->feature);
      row.data = NodeData(fresh);
      apply = [this, at, fresh, with_children] {
        auto& target = tree_.epics[at->epic].features[at->feature];
        auto stories = with_children ? std::vector<backlog::Story>{} : target.stories;
        auto plan = with_children ? std::nullopt : target.test_plan;
        target = fresh;
        target.stories = std::move(stories);
        target.test_plan = std::move(plan);
      };
      break;
    }
    case NodeKind::kStory: {
      const auto& feature = epic.features[at->feature];
      backlog::Story bare = feature.stories[at->story];
      bare.tasks.clear();
      bare.test_cases.clear();
      bare.test_suite.reset();
      backlog::Story fresh = Rewrite(
          bare, backlog::AssessStory,
          [&](const backlog::Story& failing, const std::string& findings) {
            return deps_.generator.RegenerateStory(project_, epic, feature, failing, findings,
                                                   context);
          },
          instructions, attempts, cancelled_, flagged);
      row.parent_id = feature.id;
      row.position = static_cast<std::int64_t>(at->story);
      row.data = NodeData(fresh);
      apply = [this, at, fresh, with_children] {
        auto& target = tree_.epics[at->epic].features[at->feature].stories[at->story];
        backlog::Story kept = target;
        target = fresh;
        if (!with_children) {
          target.tasks = std::move(kept.tasks);
          target.test_cases = std::move(kept.test_cases);
          target.test_suite = std::move(kept.test_suite);
        }
      };
      break;
    }
    case NodeKind::kTask: {
      const auto& feature = epic.features[at->feature];
      const auto& story = feature.stories[at->story];
      backlog::Task fresh = Rewrite(
          story.tasks[at->item], backlog::AssessTask,
          [&](const backlog::Task& failing, const std::string& findings) {
            return deps_.generator.RegenerateTask(project_, feature, story, failing, findings,
                                                  context);
          },
          instructions, attempts, cancelled_, flagged);
      row.parent_id = story.id;
      row.position = static_cast<std::int64_t>(at->item);
      row.data = NodeData(fresh);
      apply = [this, at, fresh] {
        tree_.epics[at->epic].features[at->feature].stories[at->story].tasks[at->item] = fresh;
      };
      break;
    }
    case NodeKind::kTestCase: {
      const auto& feature = epic.features[at->feature];
      const auto& story = feature.stories[at->story];
      backlog::TestCase fresh = Rewrite(
          story.test_cases[at->item], backlog::AssessTestCase,
          [&](const backlog::TestCase& failing, const std::string& findings) {
            return deps_.generator.RegenerateTestCase(project_, feature, story, failing, findings,
                                                      context);
          },
          instructions, attempts, cancelled_, flagged);
      row.parent_id = story.id;
      row.position = static_cast<std::int64_t>(at->item);
      row.data = NodeData(fresh);
      apply = [this, at, fresh] {
        tree_.epics[at->epic].features[at->feature].stories[at->story].test_cases[at->item] = fresh;
      };
      break;
    }
    case NodeKind::kTestPlan: {
      const auto& feature = epic.features[at->feature];
      backlog::TestPlan fresh = Rewrite(
          *feature.test_plan, backlog::AssessTestPlan,
          [&](const backlog::TestPlan& failing, const std::string& findings) {
            return deps_.generator.RegenerateTestPlan(project_, feature, failing, findings,
                                                      context);
          },
          instructions, attempts, cancelled_, flagged);
      row.parent_id = feature.id;
      row.data = NodeData(fresh);
      apply = [this, at, fresh] { tree_.epics[at->epic].features[at->feature].test_plan = fresh; };
      break;
    }
    case NodeKind::kTestSuite: {
      const auto& feature = epic.features[at->feature];
      const auto& story = feature.stories[at->story];
      backlog::TestSuite fresh = Rewrite(
          *story.test_suite, backlog::AssessTestSuite,
          [&](const backlog::TestSuite& failing, const std::string& findings) {
            return deps_.generator.RegenerateTestSuite(project_, feature, story, failing, findings,
                                                       context);
          },
          instructions, attempts, cancelled_, flagged);
      row.parent_id = story.id;
      row.data = NodeData(fresh);
      apply = [this, at, fresh] {
        tree_.epics[at->epic].features[at->feature].stories[at->story].test_suite = fresh;
      };
      break;
    }
  }
  store::TreeChanges changes;
  changes.updated.push_back(row);
  if (with_children) changes.cleared.push_back(id);
  // The location still holds: while this step runs, no other step of the job can add or remove
  // this node or its siblings (their parent's step is done), and edits wait for the job to end.
  Commit(step, std::move(changes), flagged, apply);
  if (with_children) ScheduleChildren(at->kind, id);
}

}  // namespace pipeline
