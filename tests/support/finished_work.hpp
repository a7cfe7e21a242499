#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "support/fake_llm.hpp"

namespace testing_support {

// What a generation job had finished when the instance running it died, as its database and the
// LLM emulator's log say; checked again once another start (or instance) has finished the job.
class FinishedWork {
 public:
  // Reads the job's steps and the project's nodes from the database of the service in `dir`,
  // and maps the emulator's requests so far to the finished steps they belong to.
  FinishedWork(const std::filesystem::path& dir, FakeLlm& llm, const std::string& job_id,
               const std::string& project_id);

  std::size_t steps() const { return steps_.size(); }
  // The job's state in the database when this was read ("running" when it died mid-way).
  const std::string& job_state() const { return job_state_; }

  // After the job finished: no node lost, no finished step asked of the LLM again, no finished
  // step written again. `backlog` is the project's tree as the API returns it now.
  void ExpectKept(const nlohmann::json& backlog, FakeLlm& llm) const;

 private:
  std::filesystem::path dir_;
  std::string job_id_;
  std::string job_state_;
  std::map<std::string, std::string> steps_;                             // id -> state
  std::map<std::string, std::pair<std::string, nlohmann::json>> nodes_;  // id -> (kind, data)
  std::set<std::string> finished_digests_;  // prompts answered for finished steps
  std::size_t requests_before_ = 0;
};

}  // namespace testing_support
