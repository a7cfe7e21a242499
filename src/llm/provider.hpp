#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace llm {

// How to talk to a provider. Model names are configuration; only the wire differences live here.
enum class ProviderKind {
  kOpenAI,        // api.openai.com and anything that copies it exactly
  kGrok,          // xAI: OpenAI wire format, its own key
  kOllama,        // Ollama's native /api/chat, with `format` set to the JSON schema
  kOllamaOpenAI,  // Ollama's OpenAI-compatible /v1 (max_tokens only; no rate-limit headers)
  kCompatible,    // LM Studio, vLLM, other OpenAI-compatible servers by base URL
};

std::string_view ProviderName(ProviderKind kind);
// "openai", "grok", "ollama", "ollama-openai", "compatible"; nullopt for anything else.
std::optional<ProviderKind> ParseProvider(std::string_view name);

// One provider endpoint: where it is, how to authenticate, and which request dialect it speaks.
struct Endpoint {
  ProviderKind kind = ProviderKind::kOpenAI;
  std::string base_url;  // e.g. "https://api.openai.com/v1"; no trailing slash
  std::string api_key;   // empty for a local server without auth; never logged

  // The identity limits and the circuit breaker are kept per: one per URL and key.
  std::string Key() const;
  // "OpenAI", "xAI Grok", "Ollama", ... for error messages users read: never a URL or host.
  std::string DisplayName() const;
};

// Per-model dialect: newer OpenAI models (o-series, gpt-5) take max_completion_tokens and only the
// default temperature; Ollama's compatibility layer parses only max_tokens.
struct Dialect {
  bool max_completion_tokens = false;
  bool temperature = true;
  bool json_schema = true;  // response_format json_schema / Ollama format
};
Dialect DialectFor(ProviderKind kind, std::string_view model);

}  // namespace llm
