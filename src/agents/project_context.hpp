#pragma once

#include <string>
#include <vector>

#include "backlog/model.hpp"

namespace agents {

// What every backlog agent tells the model about the project. Holds a reference: the project
// must outlive the context (one generation job).
struct ProjectContext {
  const backlog::Project& project;
  std::string domain_guidance;  // of project.domains only; see DomainGuidance
};

// Throws std::invalid_argument naming an unknown domain key.
ProjectContext MakeProjectContext(const backlog::Project& project);

// The guidance of exactly these domains (keys of backlog::Domains(), primary first), one block
// each: name, description and guidance lines. Empty for no domains; the prompts then say nothing
// about domains rather than guess one. Throws std::invalid_argument naming an unknown key.
std::string DomainGuidance(const std::vector<std::string>& domain_keys);

}  // namespace agents
