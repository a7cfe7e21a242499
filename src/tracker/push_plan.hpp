#pragma once

// A backlog as a push sees it: the outbox rows in upload order (parents before children) and,
// per node, what goes to the tracker. Pure functions of the backlog.

#include <map>
#include <string>
#include <vector>

#include "backlog/model.hpp"
#include "store/push_store.hpp"
#include "tracker/work_item.hpp"

namespace tracker {

struct PushNode {
  std::string kind;  // epic, feature, story, task, test_plan, test_suite, test_case
  ItemText text;     // work items (plans and suites use title and description_html)
  std::vector<std::string> test_case_ids;  // a suite: its story's test cases
};

// One outbox row per node: work items (epic … task, test_case), test plans (a feature's) and
// suites (a story's). A child's parent_node_id is what must exist before it: the parent work item,
// the story a test case tests, the plan a suite goes into.
std::vector<store::PushItemRow> PlanPush(const backlog::Backlog& backlog);

// Every node of the backlog by id.
std::map<std::string, PushNode> PushNodes(const backlog::Backlog& backlog);
// Every node's title (a plan's or suite's name) by id: what a list of pushed items shows.
std::map<std::string, std::string> NodeTitles(const backlog::Backlog& backlog);

}  // namespace tracker
