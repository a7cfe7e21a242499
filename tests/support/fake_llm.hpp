#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/service_process.hpp"

namespace testing_support {

// The LLM emulator (tests/fakes/fake-llm) running on a free loopback port.
class FakeLlm {
 public:
  explicit FakeLlm(const std::vector<std::string>& args = {});

  std::uint16_t port() const { return port_; }
  // The OpenAI-style base URL ("http://127.0.0.1:PORT/v1").
  std::string base_url() const;
  // The Ollama-style base URL ("http://127.0.0.1:PORT").
  std::string ollama_url() const;

  nlohmann::json Log();
  nlohmann::json Configure(const nlohmann::json& config);
  void Reset();
  // Makes the next `count` chat requests fail with `fault` (rate_limit, quota, hang, ...).
  void Force(const std::string& fault, int count = 1);
  int ChatRequests();

 private:
  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace testing_support
