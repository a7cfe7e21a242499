#include "pipeline/agent_backlog_generator.hpp"

#include "agents/project_context.hpp"

namespace pipeline {

// The project context (its domains' guidance) is rebuilt per call: it is a few kilobytes of
// text, far cheaper than the call it goes into, and keeps the generator stateless.

std::vector<backlog::Epic> AgentBacklogGenerator::Epics(const backlog::Project& project,
                                                        int max_items, const Context& context) {
  return epics_.Generate(agents::MakeProjectContext(project), max_items, context);
}

backlog::Epic AgentBacklogGenerator::RegenerateEpic(const backlog::Project& project,
                                                    const backlog::Epic& failing,
                                                    const std::vector<backlog::Epic>& siblings,
                                                    const std::string& findings,
                                                    const Context& context) {
  return epics_.Regenerate(agents::MakeProjectContext(project), failing, siblings, findings,
                           context);
}

std::vector<backlog::Feature> AgentBacklogGenerator::Features(const backlog::Project& project,
                                                              const backlog::Epic& epic,
                                                              int max_items,
                                                              const Context& context) {
  return features_.Generate(agents::MakeProjectContext(project), epic, max_items, context);
}

backlog::Feature AgentBacklogGenerator::RegenerateFeature(const backlog::Project& project,
                                                          const backlog::Epic& epic,
                                                          const backlog::Feature& failing,
                                                          const std::string& findings,
                                                          const Context& context) {
  return features_.Regenerate(agents::MakeProjectContext(project), epic, failing, findings,
                              context);
}

std::vector<backlog::Story> AgentBacklogGenerator::Stories(const backlog::Project& project,
                                                           const backlog::Epic& epic,
                                                           const backlog::Feature& feature,
                                                           int max_items, const Context& context) {
  return stories_.Generate(agents::MakeProjectContext(project), epic, feature, max_items, context);
}

backlog::Story AgentBacklogGenerator::RegenerateStory(
    const backlog::Project& project, const backlog::Epic& epic, const backlog::Feature& feature,
    const backlog::Story& failing, const std::string& findings, const Context& context) {
  return stories_.Regenerate(agents::MakeProjectContext(project), epic, feature, failing, findings,
                             context);
}

std::vector<backlog::Task> AgentBacklogGenerator::Tasks(const backlog::Project& project,
                                                        const backlog::Feature& feature,
                                                        const backlog::Story& story, int max_items,
                                                        const Context& context) {
  return tasks_.Generate(agents::MakeProjectContext(project), feature, story, max_items, context);
}

backlog::Task AgentBacklogGenerator::RegenerateTask(
    const backlog::Project& project, const backlog::Feature& feature, const backlog::Story& story,
    const backlog::Task& failing, const std::string& findings, const Context& context) {
  return tasks_.Regenerate(agents::MakeProjectContext(project), feature, story, failing, findings,
                           context);
}

backlog::TestPlan AgentBacklogGenerator::TestPlan(const backlog::Project& project,
                                                  const backlog::Feature& feature,
                                                  const Context& context) {
  return plans_.Generate(agents::MakeProjectContext(project), feature, context);
}

backlog::TestPlan AgentBacklogGenerator::RegenerateTestPlan(const backlog::Project& project,
                                                            const backlog::Feature& feature,
                                                            const backlog::TestPlan& failing,
                                                            const std::string& findings,
                                                            const Context& context) {
  return plans_.Regenerate(agents::MakeProjectContext(project), feature, failing, findings,
                           context);
}

backlog::TestSuite AgentBacklogGenerator::TestSuite(const backlog::Project& project,
                                                    const backlog::Feature& feature,
                                                    const backlog::Story& story,
                                                    const Context& context) {
  return suites_.Generate(agents::MakeProjectContext(project), feature, story, context);
}

backlog::TestSuite AgentBacklogGenerator::RegenerateTestSuite(
    const backlog::Project& project, const backlog::Feature& feature, const backlog::Story& story,
    const backlog::TestSuite& failing, const std::string& findings, const Context& context) {
  return suites_.Regenerate(agents::MakeProjectContext(project), feature, story, failing, findings,
                            context);
}

std::vector<backlog::TestCase> AgentBacklogGenerator::TestCases(const backlog::Project& project,
                                                                const backlog::Feature& feature,
                                                                const backlog::Story& story,
                                                                int max_items,
                                                                const Context& context) {
  return cases_.Generate(agents::MakeProjectContext(project), feature, story, max_items, context);
}

backlog::TestCase AgentBacklogGenerator::RegenerateTestCase(
    const backlog::Project& project, const backlog::Feature& feature, const backlog::Story& story,
    const backlog::TestCase& failing, const std::string& findings, const Context& context) {
  return cases_.Regenerate(agents::MakeProjectContext(project), feature, story, failing, findings,
                           context);
}

}  // namespace pipeline
