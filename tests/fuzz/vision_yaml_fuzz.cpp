// The VISION.yaml reader of `backlog generate`: any text either becomes a project that passes the
// same rules as one created through the API, or is refused with a VisionFileError naming the file
// (and the line where one is known). No other exception may escape.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "app/vision_file.hpp"
#include "backlog/limits.hpp"
#include "backlog/project_rules.hpp"
#include "fuzz/fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  constexpr std::string_view kSource = "VISION.yaml";
  backlog::Project project;
  try {
    project = app::ParseVisionYaml(text, kSource);
  } catch (const app::VisionFileError& error) {
    fuzz::Require(std::string_view(error.what()).starts_with(std::string(kSource) + ":"),
                  "a refusal names the file");
    return 0;
  }
  fuzz::Require(!backlog::ProjectNameProblem(project.name), "the name passes the API's rules");
  fuzz::Require(!backlog::VisionProblem(project.vision), "the vision passes the API's rules");
  fuzz::Require(!backlog::TargetUsersProblem(project.target_users),
                "the target users pass the API's rules");
  fuzz::Require(!project.domains.empty() && !backlog::DomainsProblem(project.domains),
                "the domains are known, one to three");
  fuzz::Require(backlog::UniqueDomains(project.domains) == project.domains,
                "the domains have no repeats");
  fuzz::Require(!backlog::ValidateLimits(project.limits), "the limits are in range");
  return 0;
}
