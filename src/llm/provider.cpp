#include "llm/provider.hpp"

#include <array>
#include <utility>

namespace llm {
namespace {

constexpr std::array<std::pair<ProviderKind, std::string_view>, 5> kNames{{
    {ProviderKind::kOpenAI, "openai"},
    {ProviderKind::kGrok, "grok"},
    {ProviderKind::kOllama, "ollama"},
    {ProviderKind::kOllamaOpenAI, "ollama-openai"},
    {ProviderKind::kCompatible, "compatible"},
}};

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::string_view ProviderName(ProviderKind kind) {
  for (const auto& [k, name] : kNames) {
    if (k == kind) return name;
  }
  return "unknown";
}

std::optional<ProviderKind> ParseProvider(std::string_view name) {
  for (const auto& [kind, known] : kNames) {
    if (known == name) return kind;
  }
  return std::nullopt;
}

std::string Endpoint::Key() const {
  // The key itself must not be part of an identifier that might be logged: a short hash of it is.
  std::size_t hash = std::hash<std::string>{}(api_key);
  return std::string(ProviderName(kind)) + " " + base_url + " #" + std::to_string(hash % 100000);
}

std::string Endpoint::DisplayName() const {
  switch (kind) {
    case ProviderKind::kOpenAI:
      return "OpenAI";
    case ProviderKind::kGrok:
      return "xAI Grok";
    case ProviderKind::kOllama:
    case ProviderKind::kOllamaOpenAI:
      return "Ollama";
    case ProviderKind::kCompatible:
      // Never the URL: it is the operator's, may hold credentials, and users read this.
      return "the OpenAI-compatible LLM server";
  }
  return "the LLM provider";
}

Dialect DialectFor(ProviderKind kind, std::string_view model) {
  Dialect dialect;
  if (kind == ProviderKind::kOpenAI) {
    const bool reasoning = StartsWith(model, "o1") || StartsWith(model, "o3") ||
                           StartsWith(model, "o4") || StartsWith(model, "gpt-5");
    dialect.max_completion_tokens = true;  // the current name; max_tokens is deprecated
    dialect.temperature = !reasoning;      // reasoning models reject a non-default temperature
  } else if (kind == ProviderKind::kGrok) {
    dialect.max_completion_tokens = StartsWith(model, "grok-3") || StartsWith(model, "grok-4");
  }
  return dialect;
}

}  // namespace llm
