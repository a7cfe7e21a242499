#include "support/fake_ado.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include "support/http_client.hpp"

namespace testing_support {

FakeAdo::FakeAdo(const std::vector<std::string>& args) {
  // Retries in tests need not wait the default second the emulator's faults ask for.
  std::vector<std::string> all = {std::string(FAKE_ADO_DIR) + "/server.js", "--port", "0",
                                  "--fault-retry-after-s", "0"};
  all.insert(all.end(), args.begin(), args.end());
  process_ = std::make_unique<ChildProcess>(
      "/usr/bin/node", all, EnvVars{{"PATH", "/usr/bin:/bin"}, {"HOME", "/tmp"}}, FAKE_ADO_DIR);
  const auto match = process_->WaitForLine(R"(fake-ado listening on http://127\.0\.0\.1:(\d+))",
                                           std::chrono::seconds(30));
  if (!match) {
    ADD_FAILURE() << "the Azure DevOps emulator did not start:\n" << process_->Output();
    throw std::runtime_error("fake-ado did not start");
  }
  port_ = static_cast<std::uint16_t>(std::stoi((*match)[1]));
}

std::string FakeAdo::organization_url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/fabrikam";
}

nlohmann::json FakeAdo::Configure(const nlohmann::json& config) {
  HttpConnection connection(port_);
  const HttpResponse response = connection.Request(
      "POST", "/_control/config", {{"Content-Type", "application/json"}}, config.dump());
  if (response.status != 200) throw std::runtime_error("fake-ado config: " + response.body);
  return nlohmann::json::parse(response.body);
}

void FakeAdo::Force(const std::string& fault, int count, const std::string& route) {
  nlohmann::json force = count;
  if (!route.empty()) force = {{"count", count}, {"route", route}};
  Configure({{"force", {{fault, force}}}});
}

nlohmann::json FakeAdo::Get(const std::string& target) {
  const HttpResponse response = HttpGet(port_, target);
  if (response.status != 200) throw std::runtime_error("fake-ado " + target + ": " + response.body);
  return nlohmann::json::parse(response.body);
}

nlohmann::json FakeAdo::Log() { return Get("/_control/log"); }

nlohmann::json FakeAdo::WorkItems(const std::string& project, const std::string& tag) {
  std::string target = "/_control/workitems?org=fabrikam&project=" + project;
  if (!tag.empty()) target += "&tag=" + tag;
  return Get(target)["value"];
}

nlohmann::json FakeAdo::TestPlans(const std::string& project) {
  return Get("/_control/testplans?org=fabrikam&project=" + project);
}

}  // namespace testing_support
