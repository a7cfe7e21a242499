#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "backlog/model.hpp"
#include "store/pipeline_store.hpp"

namespace pipeline {

// A node's own fields as stored (its JSON without the children arrays).
template <typename Node>
std::string NodeData(const Node& node);

// Rebuilds the tree from stored rows (children in position order). Rows of unknown kinds or
// with a missing parent are ignored.
backlog::Backlog AssembleBacklog(const backlog::Project& project,
                                 const std::vector<store::NodeRow>& rows);

// A fresh id: the prefix, "_" and 16 random hex characters, e.g. "job_3f9a0c...". Ids are not
// secrets (every lookup is owner-scoped); they only need to be unique.
std::string NewId(std::string_view prefix);
// A fresh node id with its kind as the prefix, e.g. "story_3f9a0c...".
std::string NewNodeId(backlog::NodeKind kind);

// The title-like text of a stored node, for events and logs.
std::string NodeTitle(const store::NodeRow& row);

}  // namespace pipeline
