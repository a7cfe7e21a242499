#pragma once

#include "agents/developer_agent.hpp"
#include "agents/epic_strategist.hpp"
#include "agents/feature_decomposer.hpp"
#include "agents/story_decomposer.hpp"
#include "agents/test_case_agent.hpp"
#include "agents/test_plan_agent.hpp"
#include "agents/test_suite_agent.hpp"
#include "pipeline/backlog_generator.hpp"

namespace pipeline {

// BacklogGenerator over the real agents, each speaking to the LLM through one gateway.
class AgentBacklogGenerator final : public BacklogGenerator {
 public:
  explicit AgentBacklogGenerator(agents::LlmGateway& gateway)
      : epics_(gateway),
        features_(gateway),
        stories_(gateway),
        tasks_(gateway),
        plans_(gateway),
        suites_(gateway),
        cases_(gateway) {}

  std::vector<backlog::Epic> Epics(const backlog::Project& project, int max_items,
                                   const Context& context) override;
  backlog::Epic RegenerateEpic(const backlog::Project& project, const backlog::Epic& failing,
                               const std::vector<backlog::Epic>& siblings,
                               const std::string& findings, const Context& context) override;
  std::vector<backlog::Feature> Features(const backlog::Project& project, const backlog::Epic& epic,
                                         int max_items, const Context& context) override;
  backlog::Feature RegenerateFeature(const backlog::Project& project, const backlog::Epic& epic,
                                     const backlog::Feature& failing, const std::string& findings,
                                     const Context& context) override;
  std::vector<backlog::Story> Stories(const backlog::Project& project, const backlog::Epic& epic,
                                      const backlog::Feature& feature, int max_items,
                                      const Context& context) override;
  backlog::Story RegenerateStory(const backlog::Project& project, const backlog::Epic& epic,
                                 const backlog::Feature& feature, const backlog::Story& failing,
                                 const std::string& findings, const Context& context) override;
  std::vector<backlog::Task> Tasks(const backlog::Project& project, const backlog::Feature& feature,
                                   const backlog::Story& story, int max_items,
                                   const Context& context) override;
  backlog::Task RegenerateTask(const backlog::Project& project, const backlog::Feature& feature,
                               const backlog::Story& story, const backlog::Task& failing,
                               const std::string& findings, const Context& context) override;
  backlog::TestPlan TestPlan(const backlog::Project& project, const backlog::Feature& feature,
                             const Context& context) override;
  backlog::TestPlan RegenerateTestPlan(const backlog::Project& project,
                                       const backlog::Feature& feature,
                                       const backlog::TestPlan& failing,
                                       const std::string& findings,
                                       const Context& context) override;
  backlog::TestSuite TestSuite(const backlog::Project& project, const backlog::Feature& feature,
                               const backlog::Story& story, const Context& context) override;
  backlog::TestSuite RegenerateTestSuite(const backlog::Project& project,
                                         const backlog::Feature& feature,
                                         const backlog::Story& story,
                                         const backlog::TestSuite& failing,
                                         const std::string& findings,
                                         const Context& context) override;
  std::vector<backlog::TestCase> TestCases(const backlog::Project& project,
                                           const backlog::Feature& feature,
                                           const backlog::Story& story, int max_items,
                                           const Context& context) override;
  backlog::TestCase RegenerateTestCase(const backlog::Project& project,
                                       const backlog::Feature& feature, const backlog::Story& story,
                                       const backlog::TestCase& failing,
                                       const std::string& findings,
                                       const Context& context) override;

 private:
  agents::EpicStrategist epics_;
  agents::FeatureDecomposer features_;
  agents::StoryDecomposer stories_;
  agents::DeveloperAgent tasks_;
  agents::TestPlanAgent plans_;
  agents::TestSuiteAgent suites_;
  agents::TestCaseAgent cases_;
};

}  // namespace pipeline
