#include "pipeline/tree_rows.hpp"

#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "backlog/json_mapping.hpp"

namespace pipeline {
namespace {

nlohmann::json WithoutChildren(nlohmann::json json) {
  for (const char* children :
       {"features", "stories", "tasks", "test_cases", "test_suite", "test_plan"}) {
    json.erase(children);
  }
  return json;
}

}  // namespace

template <typename Node>
std::string NodeData(const Node& node) {
  return WithoutChildren(backlog::ToJson(node)).dump();
}

template std::string NodeData(const backlog::Epic&);
template std::string NodeData(const backlog::Feature&);
template std::string NodeData(const backlog::Story&);
template std::string NodeData(const backlog::Task&);
template std::string NodeData(const backlog::TestPlan&);
template std::string NodeData(const backlog::TestSuite&);
template std::string NodeData(const backlog::TestCase&);

std::string NewId(std::string_view prefix) {
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t value = generator();
  std::string id(prefix);
  id.push_back('_');
  for (int i = 0; i < 16; ++i) {
    id.push_back(kHex[value & 0xF]);
    value >>= 4;
  }
  return id;
}

std::string NewNodeId(backlog::NodeKind kind) { return NewId(backlog::NodeKindName(kind)); }

std::string NodeTitle(const store::NodeRow& row) {
  const auto data = nlohmann::json::parse(row.data, nullptr, false);
  if (data.is_discarded() || !data.is_object()) return {};
  if (data.contains("title") && data["title"].is_string()) return data["title"];
  if (data.contains("name") && data["name"].is_string()) return data["name"];
  return {};
}

backlog::Backlog AssembleBacklog(const backlog::Project& project,
                                 const std::vector<store::NodeRow>& rows) {
  std::map<std::string, std::vector<const store::NodeRow*>> children;
  for (const auto& row : rows) children[row.parent_id].push_back(&row);
  for (auto& [parent, list] : children) {
    std::stable_sort(list.begin(), list.end(),
                     [](const auto* a, const auto* b) { return a->position < b->position; });
  }
  const auto parse = [](const store::NodeRow& row) { return nlohmann::json::parse(row.data); };
  const auto kids = [&](const std::string& id) -> const std::vector<const store::NodeRow*>& {
    static const std::vector<const store::NodeRow*> kNone;
    const auto it = children.find(id);
    return it == children.end() ? kNone : it->second;
  };

  backlog::Backlog tree;
  tree.project = project;
  for (const auto* epic_row : kids("")) {
    if (epic_row->kind != "epic") continue;
    backlog::Epic epic = backlog::EpicFromJson(parse(*epic_row));
    epic.id = epic_row->id;
    for (const auto* feature_row : kids(epic.id)) {
      if (feature_row->kind != "feature") continue;
      backlog::Feature feature = backlog::FeatureFromJson(parse(*feature_row));
      feature.id = feature_row->id;
      for (const auto* child : kids(feature.id)) {
        if (child->kind == "test_plan") {
          feature.test_plan = backlog::TestPlanFromJson(parse(*child));
          feature.test_plan->id = child->id;
          continue;
        }
        if (child->kind != "story") continue;
        backlog::Story story = backlog::StoryFromJson(parse(*child));
        story.id = child->id;
        for (const auto* leaf : kids(story.id)) {
          if (leaf->kind == "task") {
            story.tasks.push_back(backlog::TaskFromJson(parse(*leaf)));
            story.tasks.back().id = leaf->id;
          } else if (leaf->kind == "test_suite") {
            story.test_suite = backlog::TestSuiteFromJson(parse(*leaf));
            story.test_suite->id = leaf->id;
          } else if (leaf->kind == "test_case") {
            story.test_cases.push_back(backlog::TestCaseFromJson(parse(*leaf)));
            story.test_cases.back().id = leaf->id;
          }
        }
        feature.stories.push_back(std::move(story));
      }
      epic.features.push_back(std::move(feature));
    }
    tree.epics.push_back(std::move(epic));
  }
  return tree;
}

}  // namespace pipeline
