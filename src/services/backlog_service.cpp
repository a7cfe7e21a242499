#include "services/backlog_service.hpp"

#include <stdexcept>

#include "backlog/json_mapping.hpp"
#include "backlog/quality.hpp"
#include "pipeline/generation_job.hpp"
#include "pipeline/tree_rows.hpp"
#include "services/service_error.hpp"

namespace services {
namespace {

// What a person may not set on a node: its identity, the quality assessment (the rules write
// it) and its children (edited as nodes of their own).
constexpr const char* kFixedFields[] = {"id",    "quality",    "features",   "stories",
                                        "tasks", "test_cases", "test_suite", "test_plan"};

// Parses edited node data as its kind (refusing wrong types), runs the quality rules again, and
// returns what to store.
template <typename Node, typename Parse, typename Assess>
std::string Reassess(const nlohmann::json& data, Parse parse, Assess assess, int attempts) {
  Node node = parse(data, "");
  backlog::Quality quality = assess(node);
  quality.attempts = attempts;
  quality.needs_review = !backlog::Passes(quality);
  node.quality = quality;
  return pipeline::NodeData(node);
}

std::string ReassessByKind(const std::string& kind, const nlohmann::json& data, int attempts) {
  using namespace backlog;
  if (kind == "epic") return Reassess<Epic>(data, EpicFromJson, AssessEpic, attempts);
  if (kind == "feature") return Reassess<Feature>(data, FeatureFromJson, AssessFeature, attempts);
  if (kind == "story") return Reassess<Story>(data, StoryFromJson, AssessStory, attempts);
  if (kind == "task") return Reassess<Task>(data, TaskFromJson, AssessTask, attempts);
  if (kind == "test_plan") {
    return Reassess<TestPlan>(data, TestPlanFromJson, AssessTestPlan, attempts);
  }
  if (kind == "test_suite") {
    return Reassess<TestSuite>(data, TestSuiteFromJson, AssessTestSuite, attempts);
  }
  if (kind == "test_case") {
    return Reassess<TestCase>(data, TestCaseFromJson, AssessTestCase, attempts);
  }
  throw std::logic_error("a stored node of unknown kind " + kind);
}

// The outcome of a change made only while the project is idle.
void RequireDone(const store::IdleChange& change) {
  switch (change.outcome) {
    case store::IdleChange::Outcome::kDone:
      return;
    case store::IdleChange::Outcome::kMissing:
      throw ServiceError::NotFound("No such node.");  // deleted meanwhile
    case store::IdleChange::Outcome::kProjectBusy:
      throw ServiceError(ErrorKind::kConflict, "job_running",
                         "A job is changing this backlog right now (" + change.active_job_id +
                             "); wait for it or cancel it.");
  }
}

std::string FileNameFor(const std::string& project_name, backlog::ExportFormat format) {
  std::string file;
  for (char c : project_name) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    file.push_back(plain ? c : '-');
  }
  if (file.empty()) file = "backlog";
  return file.substr(0, 80) + "." + std::string(backlog::FileExtensionFor(format));
}

}  // namespace

BacklogService::BacklogService(store::ProjectStore& projects, ProjectService& project_service,
                               JobService& jobs, WallClock clock)
    : projects_(projects),
      project_service_(project_service),
      jobs_(jobs),
      clock_(std::move(clock)) {}

backlog::Backlog BacklogService::Tree(std::int64_t owner, std::string_view project_id) {
  const backlog::Project project = project_service_.Get(owner, project_id);
  return pipeline::AssembleBacklog(project, projects_.Nodes(project.id));
}

ExportedBacklog BacklogService::Export(std::int64_t owner, std::string_view project_id,
                                       backlog::ExportFormat format) {
  const backlog::Backlog tree = Tree(owner, project_id);
  return {backlog::ExportBacklog(tree, format), std::string(backlog::ContentTypeFor(format)),
          FileNameFor(tree.project.name, format)};
}

store::NodeRow BacklogService::OwnedNode(std::int64_t owner, std::string_view node_id) {
  auto node = projects_.FindNode(node_id, owner);
  if (!node) throw ServiceError::NotFound("No such node.");
  return std::move(*node);
}

EditedNode BacklogService::EditNode(std::int64_t owner, std::string_view node_id,
                                    const nlohmann::json& patch) {
  const store::NodeRow node = OwnedNode(owner, node_id);
  for (const char* fixed : kFixedFields) {
    if (patch.contains(fixed)) {
      throw ServiceError::Invalid(fixed, std::string(fixed) + " cannot be edited here.");
    }
  }
  nlohmann::json data = nlohmann::json::parse(node.data);
  const int attempts = data.value("quality", nlohmann::json::object()).value("attempts", 1);
  data.merge_patch(patch);
  std::string stored;
  try {
    stored = ReassessByKind(node.kind, data, attempts);
  } catch (const std::invalid_argument& error) {
    throw ServiceError(ErrorKind::kInvalid, "validation_failed", error.what());
  }
  RequireDone(projects_.UpdateNodeIfIdle(node.id, stored, clock_()));
  return {node.id, node.kind, node.parent_id, nlohmann::json::parse(stored)};
}

void BacklogService::DeleteNode(std::int64_t owner, std::string_view node_id) {
  const store::NodeRow node = OwnedNode(owner, node_id);
  RequireDone(projects_.DeleteNodeIfIdle(node.id));
}

store::JobRow BacklogService::RegenerateNode(std::int64_t owner, std::string_view node_id,
                                             const nlohmann::json& options) {
  const store::NodeRow node = OwnedNode(owner, node_id);
  pipeline::Regeneration regeneration;
  regeneration.node_id = node.id;
  if (!options.is_null()) {
    nlohmann::json with_node = options;
    with_node["node_id"] = node.id;
    try {
      regeneration = pipeline::Regeneration::FromOptions(with_node);
    } catch (const std::invalid_argument& error) {
      throw ServiceError(ErrorKind::kInvalid, "validation_failed", error.what());
    }
  }
  return jobs_.Queue(owner, node.project_id, store::JobKind::kRegenerate, regeneration.ToOptions());
}

}  // namespace services
