#include "agents/project_context.hpp"

#include <stdexcept>

#include "backlog/domains.hpp"

namespace agents {

ProjectContext MakeProjectContext(const backlog::Project& project) {
  return ProjectContext{project, DomainGuidance(project.domains)};
}

std::string DomainGuidance(const std::vector<std::string>& domain_keys) {
  std::string guidance;
  for (std::size_t i = 0; i < domain_keys.size(); ++i) {
    const backlog::Domain* domain = backlog::FindDomain(domain_keys[i]);
    if (domain == nullptr) {
      throw std::invalid_argument("unknown domain \"" + domain_keys[i] + "\"");
    }
    if (!guidance.empty()) guidance += "\n";
    guidance += domain->display_name + (i == 0 ? " (primary domain): " : " (secondary domain): ") +
                domain->description + "\n";
    for (const std::string& line : domain->guidance) guidance += "- " + line + "\n";
  }
  return guidance;
}

}  // namespace agents
