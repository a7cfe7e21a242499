#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/service_process.hpp"

namespace testing_support {

// The Azure DevOps emulator (tests/fakes/fake-ado) on a free loopback port, with its default
// organization "fabrikam", its four process projects and its PAT.
class FakeAdo {
 public:
  static constexpr const char* kPat = "fakeadopatfakeadopatfakeadopatfakeadopatfakeadopat42";

  explicit FakeAdo(const std::vector<std::string>& args = {});

  std::uint16_t port() const { return port_; }
  // http://127.0.0.1:PORT/fabrikam
  std::string organization_url() const;

  nlohmann::json Configure(const nlohmann::json& config);
  // Makes the next `count` requests of `route` (an operation name or prefix; empty: any) fail
  // with `fault` (throttle, server_error, unavailable, hang, disconnect, lost_response, ...).
  void Force(const std::string& fault, int count, const std::string& route = {});
  nlohmann::json Log();
  // Stored work items ("value" of /_control/workitems) of a project, optionally by tag.
  nlohmann::json WorkItems(const std::string& project, const std::string& tag = {});
  nlohmann::json TestPlans(const std::string& project);

 private:
  nlohmann::json Get(const std::string& target);

  std::unique_ptr<ChildProcess> process_;
  std::uint16_t port_ = 0;
};

}  // namespace testing_support
