#pragma once

// The 31 industry domains a project can be tagged with (1-3 per project, primary first). The
// guidance lines feed the generation prompts so every domain, not just a favoured few, gets
// domain-specific context.

#include <string>
#include <string_view>
#include <vector>

namespace backlog {

struct Domain {
  std::string key;                    // stable identifier stored on projects, e.g. "oil_gas"
  std::string display_name;           // e.g. "Oil & Gas"
  std::string description;            // one line for pickers and prompts
  std::vector<std::string> guidance;  // 6-10 regulations, typical users, key workflows
};

// Every domain, in the order the UI lists them. Built once; the reference stays valid.
const std::vector<Domain>& Domains();

// The domain with this exact key, or nullptr.
const Domain* FindDomain(std::string_view key);

}  // namespace backlog
