#include "llm/model_config.hpp"

#include <algorithm>
#include <stdexcept>

#include "llm/provider.hpp"

namespace llm {
namespace {

ModelChoice ChoiceFromJson(const nlohmann::json& json, const std::string& where) {
  if (!json.is_object()) throw std::invalid_argument(where + " must be an object");
  ModelChoice choice;
  for (const auto& [key, value] : json.items()) {
    const std::string field = where + "." + key;
    if (value.is_null()) continue;
    if (key == "provider") {
      if (!value.is_string() || !ParseProvider(value.get<std::string>())) {
        throw std::invalid_argument(
            field + " must be one of openai, grok, ollama, ollama-openai, compatible");
      }
      choice.provider = value.get<std::string>();
    } else if (key == "model") {
      if (!value.is_string() || value.get<std::string>().empty() ||
          value.get<std::string>().size() > 200) {
        throw std::invalid_argument(field + " must be a model name");
      }
      choice.model = value.get<std::string>();
    } else if (key == "temperature") {
      if (!value.is_number() || value.get<double>() < 0 || value.get<double>() > 2) {
        throw std::invalid_argument(field + " must be a number from 0 to 2");
      }
      choice.temperature = value.get<double>();
    } else if (key == "max_tokens") {
      if (!value.is_number_integer() || value.get<int>() < 16 || value.get<int>() > 128000) {
        throw std::invalid_argument(field + " must be a whole number from 16 to 128000");
      }
      choice.max_tokens = value.get<int>();
    } else {
      throw std::invalid_argument(field +
                                  " is not a setting (provider, model, temperature, max_tokens)");
    }
  }
  return choice;
}

nlohmann::json ChoiceToJson(const ModelChoice& choice) {
  nlohmann::json json = nlohmann::json::object();
  if (choice.provider) json["provider"] = *choice.provider;
  if (choice.model) json["model"] = *choice.model;
  if (choice.temperature) json["temperature"] = *choice.temperature;
  if (choice.max_tokens) json["max_tokens"] = *choice.max_tokens;
  return json;
}

template <typename T>
T FirstOf(std::initializer_list<const std::optional<T>*> levels, const T& fallback) {
  for (const auto* level : levels) {
    if (level && *level) return **level;
  }
  return fallback;
}

}  // namespace

const std::vector<std::string>& AgentNames() {
  static const std::vector<std::string> names = {
      "vision_assessor",    "vision_optimizer", "epic_strategist",
      "feature_decomposer", "story_decomposer", "developer",
      "qa_test_plan",       "qa_test_suite",    "qa_test_cases",
  };
  return names;
}

ModelSettings ModelSettings::FromJson(const nlohmann::json& json) {
  if (!json.is_object()) throw std::invalid_argument("the settings must be a JSON object");
  ModelSettings settings;
  for (const auto& [key, value] : json.items()) {
    if (key == "defaults") {
      settings.defaults = ChoiceFromJson(value, "defaults");
    } else if (key == "agents") {
      if (!value.is_object()) throw std::invalid_argument("agents must be an object");
      for (const auto& [agent, choice] : value.items()) {
        const auto& names = AgentNames();
        if (std::find(names.begin(), names.end(), agent) == names.end()) {
          throw std::invalid_argument("agents." + agent + " is not an agent");
        }
        settings.agents[agent] = ChoiceFromJson(choice, "agents." + agent);
      }
    } else {
      throw std::invalid_argument(key + " is not a setting (defaults, agents)");
    }
  }
  return settings;
}

nlohmann::json ModelSettings::ToJson() const {
  nlohmann::json agents_json = nlohmann::json::object();
  for (const auto& [agent, choice] : agents) agents_json[agent] = ChoiceToJson(choice);
  return {{"defaults", ChoiceToJson(defaults)}, {"agents", agents_json}};
}

nlohmann::json ResolvedModel::ToJson() const {
  return {{"provider", provider},
          {"model", model},
          {"temperature", temperature},
          {"max_tokens", max_tokens}};
}

ResolvedModel ResolveModel(std::string_view agent, const ModelSettings& user,
                           const ModelSettings& server, const ResolvedModel& environment) {
  const std::string name(agent);
  const auto user_agent = user.agents.find(name);
  const auto server_agent = server.agents.find(name);
  const ModelChoice* ua = user_agent == user.agents.end() ? nullptr : &user_agent->second;
  const ModelChoice* sa = server_agent == server.agents.end() ? nullptr : &server_agent->second;
  ResolvedModel resolved;
  resolved.provider =
      FirstOf<std::string>({ua ? &ua->provider : nullptr, &user.defaults.provider,
                            sa ? &sa->provider : nullptr, &server.defaults.provider},
                           environment.provider);
  resolved.model = FirstOf<std::string>({ua ? &ua->model : nullptr, &user.defaults.model,
                                         sa ? &sa->model : nullptr, &server.defaults.model},
                                        environment.model);
  resolved.temperature =
      FirstOf<double>({ua ? &ua->temperature : nullptr, &user.defaults.temperature,
                       sa ? &sa->temperature : nullptr, &server.defaults.temperature},
                      environment.temperature);
  resolved.max_tokens = FirstOf<int>({ua ? &ua->max_tokens : nullptr, &user.defaults.max_tokens,
                                      sa ? &sa->max_tokens : nullptr, &server.defaults.max_tokens},
                                     environment.max_tokens);
  return resolved;
}

}  // namespace llm
