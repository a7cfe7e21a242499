#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llm {

// The agents of the generation pipeline, each configurable on its own.
const std::vector<std::string>& AgentNames();

// Some or all of a model choice; unset fields fall through to the next level.
struct ModelChoice {
  std::optional<std::string> provider;  // "openai", "grok", "ollama", ...
  std::optional<std::string> model;
  std::optional<double> temperature;
  std::optional<int> max_tokens;
};

// A level of configuration: defaults for every agent, and per-agent overrides.
struct ModelSettings {
  ModelChoice defaults;
  std::map<std::string, ModelChoice> agents;

  // {"defaults": {...}, "agents": {"story_decomposer": {...}}}; throws std::invalid_argument with
  // a message naming the field for unknown agents or providers and out-of-range values.
  static ModelSettings FromJson(const nlohmann::json& json);
  nlohmann::json ToJson() const;
};

// A complete choice for one agent.
struct ResolvedModel {
  std::string provider;
  std::string model;
  double temperature = 0.7;
  int max_tokens = 4096;
  nlohmann::json ToJson() const;
};

// Field by field: the user's agent override, the user's defaults, the server's agent override,
// the server's defaults, then the environment's choice.
ResolvedModel ResolveModel(std::string_view agent, const ModelSettings& user,
                           const ModelSettings& server, const ResolvedModel& environment);

}  // namespace llm
