#include "app/vision_file.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "backlog/domains.hpp"
#include "backlog/limits.hpp"
#include "backlog/project_rules.hpp"
#include "json/bounded_parse.hpp"

namespace app {
namespace {

constexpr std::uintmax_t kMaxVisionFileBytes = 1 << 20;
// The same nesting limit as JSON from outside. yaml-cpp bounds its own recursion while parsing;
// this keeps anything that walks the document later from recursing on the file's depth.
constexpr int kMaxYamlDepth = json::kMaxDepth;
// Aliases can make a small file a large graph; walking more nodes than this is refused too.
constexpr std::size_t kMaxYamlNodes = 100'000;

// Whether the document nests deeper than kMaxYamlDepth or has more than kMaxYamlNodes nodes;
// walked with an explicit stack, never recursively.
bool TooDeepOrLarge(const YAML::Node& root) {
  std::vector<std::pair<YAML::Node, int>> pending{{root, 1}};
  std::size_t visited = 0;
  while (!pending.empty()) {
    auto [node, depth] = std::move(pending.back());
    pending.pop_back();
    if (++visited > kMaxYamlNodes || depth > kMaxYamlDepth) return true;
    if (node.IsMap()) {
      for (const auto& entry : node) {
        pending.emplace_back(entry.first, depth + 1);
        pending.emplace_back(entry.second, depth + 1);
      }
    } else if (node.IsSequence()) {
      for (const auto& item : node) pending.emplace_back(item, depth + 1);
    }
  }
  return false;
}

class Reader {
 public:
  explicit Reader(std::string_view source) : source_(source) {}

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& message) const {
    std::string where(source_);
    // yaml-cpp counts lines from 0; editors count from 1.
    if (at.IsDefined() && at.Mark().line >= 0) where += ":" + std::to_string(at.Mark().line + 1);
    throw VisionFileError(where + ": " + message);
  }

  std::string Text(const YAML::Node& node, std::string_view field) const {
    if (!node.IsScalar()) Fail(node, std::string(field) + " must be text");
    return node.as<std::string>();
  }

  bool Flag(const YAML::Node& node, std::string_view field) const {
    bool value = false;
    if (!node.IsScalar() || !YAML::convert<bool>::decode(node, value)) {
      Fail(node, std::string(field) + " must be true or false");
    }
    return value;
  }

  int Count(const YAML::Node& node, std::string_view field) const {
    int value = 0;
    if (!node.IsScalar() || !YAML::convert<int>::decode(node, value)) {
      Fail(node, std::string(field) + " must be a whole number");
    }
    return value;
  }

  std::vector<std::string> Domains(const YAML::Node& node) const {
    std::vector<std::string> domains;
    if (node.IsScalar()) {
      domains.push_back(node.as<std::string>());
    } else if (node.IsSequence()) {
      for (const auto& item : node) domains.push_back(Text(item, "each domain"));
    } else {
      Fail(node, "domains must be a list of domain keys, e.g. [healthcare, fintech]");
    }
    if (auto problem = backlog::DomainsProblem(domains)) {
      std::string known;
      for (const auto& domain : backlog::Domains())
        known += (known.empty() ? "" : ", ") + domain.key;
      Fail(node, "domains: " + *problem + " Known domains: " + known + ".");
    }
    return backlog::UniqueDomains(domains);
  }

  backlog::WorkItemLimits Limits(const YAML::Node& node) const {
    if (!node.IsMap()) Fail(node, "limits must be a mapping like max_epics: 3");
    backlog::WorkItemLimits limits;
    const std::array<std::pair<const char*, int*>, 5> fields{{
        {"max_epics", &limits.max_epics},
        {"max_features_per_epic", &limits.max_features_per_epic},
        {"max_stories_per_feature", &limits.max_stories_per_feature},
        {"max_tasks_per_story", &limits.max_tasks_per_story},
        {"max_test_cases_per_story", &limits.max_test_cases_per_story},
    }};
    for (const auto& entry : node) {
      if (!entry.first.IsScalar()) Fail(entry.first, "limit names must be plain text");
      const std::string key = entry.first.as<std::string>();
      const auto field = std::find_if(fields.begin(), fields.end(),
                                      [&](const auto& known) { return key == known.first; });
      if (field == fields.end()) {
        Fail(entry.first, "unknown limit \"" + key +
                              "\" (known: max_epics, max_features_per_epic, "
                              "max_stories_per_feature, max_tasks_per_story, "
                              "max_test_cases_per_story)");
      }
      *field->second = Count(entry.second, "limits." + key);
    }
    if (auto problem = backlog::ValidateLimits(limits)) Fail(node, "limits: " + *problem);
    return limits;
  }

 private:
  std::string_view source_;
};

}  // namespace

backlog::Project ParseVisionYaml(std::string_view text, std::string_view source_name) {
  const Reader reader(source_name);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::ParserException& error) {
    throw VisionFileError(std::string(source_name) + ":" + std::to_string(error.mark.line + 1) +
                          ": not valid YAML: " + error.msg);
  }
  if (TooDeepOrLarge(root)) {
    throw VisionFileError(std::string(source_name) + ": nests deeper than " +
                          std::to_string(kMaxYamlDepth) +
                          " levels or is too large; a vision file is a flat mapping");
  }
  if (!root.IsMap()) {
    throw VisionFileError(std::string(source_name) +
                          ": expected a mapping with name, domains and vision (see examples/)");
  }
  backlog::Project project;
  bool has_name = false;
  bool has_domains = false;
  bool has_vision = false;
  for (const auto& entry : root) {
    if (!entry.first.IsScalar()) reader.Fail(entry.first, "field names must be plain text");
    const std::string key = entry.first.as<std::string>();
    const YAML::Node& value = entry.second;
    if (key == "name") {
      project.name = reader.Text(value, key);
      if (auto problem = backlog::ProjectNameProblem(project.name)) reader.Fail(value, *problem);
      has_name = true;
    } else if (key == "domains" || key == "domain") {
      project.domains = reader.Domains(value);
      has_domains = true;
    } else if (key == "vision") {
      project.vision = reader.Text(value, key);
      if (auto problem = backlog::VisionProblem(project.vision)) reader.Fail(value, *problem);
      has_vision = true;
    } else if (key == "target_users") {
      project.target_users = reader.Text(value, key);
      if (auto problem = backlog::TargetUsersProblem(project.target_users)) {
        reader.Fail(value, *problem);
      }
    } else if (key == "limits") {
      project.limits = reader.Limits(value);
    } else if (key == "include_test_artifacts") {
      project.include_test_artifacts = reader.Flag(value, key);
    } else {
      reader.Fail(entry.first, "unknown field \"" + key +
                                   "\" (known: name, domains, vision, target_users, limits, "
                                   "include_test_artifacts)");
    }
  }
  const auto missing = [&](const char* field) {
    throw VisionFileError(std::string(source_name) + ": " + field + " is required");
  };
  if (!has_name) missing("name");
  if (!has_domains) missing("domains");
  if (!has_vision) missing("vision");
  return project;
}

backlog::Project ReadVisionFile(const std::filesystem::path& file) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) throw VisionFileError(file.string() + ": cannot read: " + ec.message());
  if (size > kMaxVisionFileBytes) {
    throw VisionFileError(file.string() + ": too large (" + std::to_string(size) +
                          " bytes; a vision file has at most 1 MiB)");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw VisionFileError(file.string() + ": cannot read");
  std::stringstream text;
  text << in.rdbuf();
  return ParseVisionYaml(text.str(), file.string());
}

}  // namespace app
