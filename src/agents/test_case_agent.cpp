#include "agents/test_case_agent.hpp"

#include "agents/story_item_calls.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "qa_test_cases";
constexpr std::string_view kKey = "test_cases";

Json TestCaseSchema() {
  return schema::Object({
      {"title", schema::String()},
      {"description", schema::String()},
      {"type", schema::StringEnum({"positive", "negative", "boundary", "integration"})},
      {"priority", schema::StringEnum(schema::Priorities())},
      {"preconditions", schema::StringArray(0, 5)},
      {"steps", schema::Array(schema::Object({
                                  {"action", schema::String("What the tester does")},
                                  {"expected", schema::String("What the tester then observes")},
                              }),
                              1, 10)},
      {"test_data", schema::StringArray(0, 6)},
      {"automation_candidate", schema::Boolean()},
  });
}

// Everything but the item schema is shared with the other story-level agents.
internal::StoryItemAgent<decltype(&backlog::TestCaseFromJson)> Calls() {
  return {kAgent, kKey, TestCaseSchema(), &backlog::TestCaseFromJson};
}

}  // namespace

std::vector<backlog::TestCase> TestCaseAgent::Generate(const ProjectContext& context,
                                                       const backlog::Feature& feature,
                                                       const backlog::Story& story, int max_items,
                                                       const CallContext& call) {
  return Calls().Generate(gateway_, context, feature, story, max_items, call);
}

backlog::TestCase TestCaseAgent::Regenerate(const ProjectContext& context,
                                            const backlog::Feature& feature,
                                            const backlog::Story& story,
                                            const backlog::TestCase& failing,
                                            const std::string& findings, const CallContext& call) {
  return Calls().Regenerate(gateway_, context, feature, story, story.test_cases, failing, findings,
                            call);
}

}  // namespace agents
