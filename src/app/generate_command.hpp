#pragma once

#include <filesystem>
#include <string>

#include "app/commands.hpp"

namespace app {

struct GenerateArguments {
  std::filesystem::path vision_file;
  std::filesystem::path out;
  std::string format;    // an export format; empty: from the extension of `out`
  std::string provider;  // overrides LLM_PROVIDER
  std::string model;     // overrides LLM_MODEL
  bool quiet = false;    // no progress output
};

// `backlog generate`: runs the service's generation pipeline on a private temporary database
// and writes the backlog to a file. Progress goes to stderr (a bar on a terminal, a line every
// few seconds otherwise); Ctrl-C cancels the job cleanly (a second one exits at once).
// Exit codes: 0 completed, 3 completed with items flagged for review, 1 failed, 2 bad input or
// configuration, 130 cancelled. When a job fails or is cancelled after producing part of the
// backlog, that part is written next to FILE with ".partial" before the extension.
int RunGenerate(const CommandContext& context, const GenerateArguments& arguments);

}  // namespace app
