#pragma once

#include <string>
#include <vector>

#include "agents/gateway.hpp"
#include "backlog/model.hpp"

namespace pipeline {

// What a generation job asks of the agents: generate the children of one node, or one item again
// with the findings it failed. Implemented over the real agents (AgentBacklogGenerator) and by
// tests. Throws llm::LlmError.
class BacklogGenerator {
 public:
  virtual ~BacklogGenerator() = default;
  using Context = agents::CallContext;

  virtual std::vector<backlog::Epic> Epics(const backlog::Project& project, int max_items,
                                           const Context& context) = 0;
  // `siblings`: the step's epics (`failing` among them), so the new one duplicates none.
  virtual backlog::Epic RegenerateEpic(const backlog::Project& project,
                                       const backlog::Epic& failing,
                                       const std::vector<backlog::Epic>& siblings,
                                       const std::string& findings, const Context& context) = 0;

  virtual std::vector<backlog::Feature> Features(const backlog::Project& project,
                                                 const backlog::Epic& epic, int max_items,
                                                 const Context& context) = 0;
  virtual backlog::Feature RegenerateFeature(const backlog::Project& project,
                                             const backlog::Epic& epic,
                                             const backlog::Feature& failing,
                                             const std::string& findings,
                                             const Context& context) = 0;

  virtual std::vector<backlog::Story> Stories(const backlog::Project& project,
                                              const backlog::Epic& epic,
                                              const backlog::Feature& feature, int max_items,
                                              const Context& context) = 0;
  virtual backlog::Story RegenerateStory(const backlog::Project& project, const backlog::Epic& epic,
                                         const backlog::Feature& feature,
                                         const backlog::Story& failing, const std::string& findings,
                                         const Context& context) = 0;

  virtual std::vector<backlog::Task> Tasks(const backlog::Project& project,
                                           const backlog::Feature& feature,
                                           const backlog::Story& story, int max_items,
                                           const Context& context) = 0;
  virtual backlog::Task RegenerateTask(const backlog::Project& project,
                                       const backlog::Feature& feature, const backlog::Story& story,
                                       const backlog::Task& failing, const std::string& findings,
                                       const Context& context) = 0;

  virtual backlog::TestPlan TestPlan(const backlog::Project& project,
                                     const backlog::Feature& feature, const Context& context) = 0;
  virtual backlog::TestPlan RegenerateTestPlan(const backlog::Project& project,
                                               const backlog::Feature& feature,
                                               const backlog::TestPlan& failing,
                                               const std::string& findings,
                                               const Context& context) = 0;

  virtual backlog::TestSuite TestSuite(const backlog::Project& project,
                                       const backlog::Feature& feature, const backlog::Story& story,
                                       const Context& context) = 0;
  virtual backlog::TestSuite RegenerateTestSuite(
      const backlog::Project& project, const backlog::Feature& feature, const backlog::Story& story,
      const backlog::TestSuite& failing, const std::string& findings, const Context& context) = 0;

  virtual std::vector<backlog::TestCase> TestCases(const backlog::Project& project,
                                                   const backlog::Feature& feature,
                                                   const backlog::Story& story, int max_items,
                                                   const Context& context) = 0;
  virtual backlog::TestCase RegenerateTestCase(
      const backlog::Project& project, const backlog::Feature& feature, const backlog::Story& story,
      const backlog::TestCase& failing, const std::string& findings, const Context& context) = 0;
};

}  // namespace pipeline
