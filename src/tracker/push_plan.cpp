#include "tracker/push_plan.hpp"

#include "backlog/text.hpp"
#include "backlog/tracker_text.hpp"

namespace tracker {
namespace {

class Planner {
 public:
  void Add(const std::string& node_id, std::string kind, const std::string& parent) {
    store::PushItemRow row;
    row.node_id = node_id;
    row.kind = std::move(kind);
    row.parent_node_id = parent;
    row.position = static_cast<std::int64_t>(rows_.size());
    rows_.push_back(std::move(row));
  }
  std::vector<store::PushItemRow> Take() { return std::move(rows_); }

 private:
  std::vector<store::PushItemRow> rows_;
};

ItemText PlanText(const backlog::TestPlan& plan) {
  ItemText text;
  text.title = plan.name;
  text.description_html = backlog::HtmlParagraphs(plan.description);
  if (!backlog::text::IsBlank(plan.test_approach)) {
    text.description_html +=
        "<p><b>Approach:</b> " + backlog::EscapeHtml(plan.test_approach) + "</p>";
  }
  return text;
}

ItemText SuiteText(const backlog::TestSuite& suite) {
  ItemText text;
  text.title = suite.name;
  text.description_html = backlog::HtmlParagraphs(suite.description);
  return text;
}

}  // namespace

std::vector<store::PushItemRow> PlanPush(const backlog::Backlog& backlog) {
  Planner plan;
  for (const backlog::Epic& epic : backlog.epics) {
    plan.Add(epic.id, "epic", "");
    for (const backlog::Feature& feature : epic.features) {
      plan.Add(feature.id, "feature", epic.id);
      const std::string plan_id = feature.test_plan ? feature.test_plan->id : std::string();
      if (feature.test_plan) plan.Add(plan_id, "test_plan", "");
      for (const backlog::Story& story : feature.stories) {
        plan.Add(story.id, "story", feature.id);
        for (const backlog::Task& task : story.tasks) plan.Add(task.id, "task", story.id);
        for (const backlog::TestCase& test_case : story.test_cases) {
          plan.Add(test_case.id, "test_case", story.id);
        }
        // A suite goes into its feature's plan; without one it is skipped (parent left empty).
        if (story.test_suite) plan.Add(story.test_suite->id, "test_suite", plan_id);
      }
    }
  }
  return plan.Take();
}

std::map<std::string, PushNode> PushNodes(const backlog::Backlog& backlog) {
  std::map<std::string, PushNode> nodes;
  for (const backlog::Epic& epic : backlog.epics) {
    nodes[epic.id] = {"epic", TextOf(epic), {}};
    for (const backlog::Feature& feature : epic.features) {
      nodes[feature.id] = {"feature", TextOf(feature), {}};
      if (feature.test_plan) {
        nodes[feature.test_plan->id] = {"test_plan", PlanText(*feature.test_plan), {}};
      }
      for (const backlog::Story& story : feature.stories) {
        nodes[story.id] = {"story", TextOf(story), {}};
        for (const backlog::Task& task : story.tasks) nodes[task.id] = {"task", TextOf(task), {}};
        std::vector<std::string> test_case_ids;
        for (const backlog::TestCase& test_case : story.test_cases) {
          nodes[test_case.id] = {"test_case", TextOf(test_case), {}};
          test_case_ids.push_back(test_case.id);
        }
        if (story.test_suite) {
          nodes[story.test_suite->id] = {"test_suite", SuiteText(*story.test_suite),
                                         std::move(test_case_ids)};
        }
      }
    }
  }
  return nodes;
}

std::map<std::string, std::string> NodeTitles(const backlog::Backlog& backlog) {
  std::map<std::string, std::string> titles;
  for (const backlog::Epic& epic : backlog.epics) {
    titles[epic.id] = epic.title;
    for (const backlog::Feature& feature : epic.features) {
      titles[feature.id] = feature.title;
      if (feature.test_plan) titles[feature.test_plan->id] = feature.test_plan->name;
      for (const backlog::Story& story : feature.stories) {
        titles[story.id] = story.title;
        for (const backlog::Task& task : story.tasks) titles[task.id] = task.title;
        for (const backlog::TestCase& test_case : story.test_cases) {
          titles[test_case.id] = test_case.title;
        }
        if (story.test_suite) titles[story.test_suite->id] = story.test_suite->name;
      }
    }
  }
  return titles;
}

}  // namespace tracker
