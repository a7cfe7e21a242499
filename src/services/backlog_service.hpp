#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "backlog/export.hpp"
#include "backlog/model.hpp"
#include "services/job_service.hpp"
#include "services/project_service.hpp"
#include "store/pipeline_store.hpp"

namespace services {

// A backlog in one export format, ready to download.
struct ExportedBacklog {
  std::string content;
  std::string content_type;
  std::string file_name;  // the project's name made safe for a file, with its extension
};

// An edited node as stored: its own fields (with the new quality assessment) and its place.
struct EditedNode {
  std::string id;
  std::string kind;
  std::string parent_id;  // empty for an epic
  nlohmann::json data;
};

// Reading and changing a generated backlog. People change a backlog only while no job of its
// project is queued or running, checked in the same transaction as the change.
class BacklogService {
 public:
  BacklogService(store::ProjectStore& projects, ProjectService& project_service, JobService& jobs,
                 WallClock clock = SystemSeconds);

  backlog::Backlog Tree(std::int64_t owner, std::string_view project_id);
  ExportedBacklog Export(std::int64_t owner, std::string_view project_id,
                         backlog::ExportFormat format);

  // Merge-patches the node's own fields (RFC 7386), refusing the fields a person cannot set
  // (id, quality, children), and runs the quality rules on the result.
  EditedNode EditNode(std::int64_t owner, std::string_view node_id, const nlohmann::json& patch);
  // The node and everything under it.
  void DeleteNode(std::int64_t owner, std::string_view node_id);
  // Queues a job that rewrites the node; `options` as pipeline::Regeneration reads them
  // (with_children, instructions), or null for the defaults.
  store::JobRow RegenerateNode(std::int64_t owner, std::string_view node_id,
                               const nlohmann::json& options);

 private:
  store::NodeRow OwnedNode(std::int64_t owner, std::string_view node_id);

  store::ProjectStore& projects_;
  ProjectService& project_service_;
  JobService& jobs_;
  WallClock clock_;
};

}  // namespace services
