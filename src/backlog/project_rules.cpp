#include "backlog/project_rules.hpp"

#include <algorithm>

#include "backlog/domains.hpp"

namespace backlog {

std::optional<std::string> ProjectNameProblem(std::string_view name) {
  if (name.empty() || name.size() > kMaxProjectNameChars) {
    return "The name must have 1 to " + std::to_string(kMaxProjectNameChars) + " characters.";
  }
  return std::nullopt;
}

std::optional<std::string> VisionProblem(std::string_view vision) {
  if (vision.size() < kMinVisionChars) {
    return "Describe the product vision in at least " + std::to_string(kMinVisionChars) +
           " characters.";
  }
  if (vision.size() > kMaxVisionBytes) {
    return "The vision may have at most " + std::to_string(kMaxVisionBytes) + " bytes.";
  }
  return std::nullopt;
}

std::optional<std::string> TargetUsersProblem(std::string_view target_users) {
  if (target_users.size() > kMaxTargetUsersBytes) {
    return "The target users may have at most " + std::to_string(kMaxTargetUsersBytes) + " bytes.";
  }
  return std::nullopt;
}

std::optional<std::string> DomainsProblem(const std::vector<std::string>& domains) {
  for (const auto& domain : domains) {
    if (!FindDomain(domain)) return "Unknown domain \"" + domain + "\".";
  }
  const std::size_t distinct = UniqueDomains(domains).size();
  if (distinct == 0 || distinct > kMaxDomains) {
    return "Choose one to three domains (the primary one first).";
  }
  return std::nullopt;
}

std::vector<std::string> UniqueDomains(const std::vector<std::string>& domains) {
  std::vector<std::string> unique;
  for (const auto& domain : domains) {
    if (std::find(unique.begin(), unique.end(), domain) == unique.end()) unique.push_back(domain);
  }
  return unique;
}

}  // namespace backlog
