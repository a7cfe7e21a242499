#pragma once

#include <filesystem>
#include <stdexcept>
#include <string_view>

#include "backlog/model.hpp"

namespace app {

// A vision file that cannot be used; the message starts with "FILE:LINE: " where a line is
// known.
class VisionFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The project a VISION.yaml describes: the fields a project has through the API (name, domains,
// vision, target_users, limits, include_test_artifacts), checked by the same rules. Unknown
// fields are refused rather than ignored, so a typo cannot silently change a limit.
backlog::Project ParseVisionYaml(std::string_view text, std::string_view source_name);

// Reads and parses a vision file (at most 1 MiB).
backlog::Project ReadVisionFile(const std::filesystem::path& file);

}  // namespace app
