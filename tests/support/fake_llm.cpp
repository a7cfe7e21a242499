#include "support/fake_llm.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "support/http_client.hpp"

namespace testing_support {

FakeLlm::FakeLlm(const std::vector<std::string>& args) {
  // Retries in tests need not wait the default second the emulator's faults ask for.
  std::vector<std::string> all = {std::string(FAKE_LLM_DIR) + "/server.js", "--port", "0",
                                  "--fault-retry-after-ms", "50"};
  all.insert(all.end(), args.begin(), args.end());
  process_ = std::make_unique<ChildProcess>(
      "/usr/bin/node", all, EnvVars{{"PATH", "/usr/bin:/bin"}, {"HOME", "/tmp"}}, FAKE_LLM_DIR);
  const auto match = process_->WaitForLine(R"(fake-llm listening on http://127\.0\.0\.1:(\d+))",
                                           std::chrono::seconds(30));
  if (!match) {
    ADD_FAILURE() << "the LLM emulator did not start:\n" << process_->Output();
    throw std::runtime_error("fake-llm did not start");
  }
  port_ = static_cast<std::uint16_t>(std::stoi((*match)[1]));
}

std::string FakeLlm::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/v1";
}
std::string FakeLlm::ollama_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

nlohmann::json FakeLlm::Log() {
  return nlohmann::json::parse(HttpGet(port_, "/_control/log").body);
}

nlohmann::json FakeLlm::Configure(const nlohmann::json& config) {
  HttpConnection connection(port_);
  const HttpResponse response = connection.Request(
      "POST", "/_control/config", {{"Content-Type", "application/json"}}, config.dump());
  if (response.status != 200) throw std::runtime_error("fake-llm config: " + response.body);
  return nlohmann::json::parse(response.body);
}

void FakeLlm::Reset() {
  HttpConnection connection(port_);
  connection.Request("POST", "/_control/reset", {{"Content-Type", "application/json"}}, "{}");
}

void FakeLlm::Force(const std::string& fault, int count) {
  Configure({{"force", {{fault, count}}}});
}

int FakeLlm::ChatRequests() { return Log()["count"].get<int>(); }

}  // namespace testing_support
