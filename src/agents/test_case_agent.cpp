#include "agents/test_case_agent.hpp"

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
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

Json ReplySchema(int max_items) {
  return schema::Object({{std::string(kKey), schema::Array(TestCaseSchema(), 1, max_items)}});
}

}  // namespace

std::vector<backlog::TestCase> TestCaseAgent::Generate(const ProjectContext& context,
                                                       const backlog::Feature& feature,
                                                       const backlog::Story& story, int max_items,
                                                       const CallContext& call) {
  internal::CheckMaxItems(max_items);
  if (max_items == 0) return {};
  PromptVariables variables = internal::StoryVariables(context, feature, story);
  variables["max_items"] = std::to_string(max_items);
  variables["other_items"] = "";
  internal::AddNoFindings(variables);
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(max_items), call);
  return internal::ParseItems(kAgent, reply, kKey, static_cast<std::size_t>(max_items),
                              TestCaseSchema(), backlog::TestCaseFromJson);
}

backlog::TestCase TestCaseAgent::Regenerate(const ProjectContext& context,
                                            const backlog::Feature& feature,
                                            const backlog::Story& story,
                                            const backlog::TestCase& failing,
                                            const std::string& findings, const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = internal::StoryVariables(context, feature, story);
  variables["max_items"] = "1";
  variables["other_items"] = internal::OtherTitles(story.test_cases, failing);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), TestCaseSchema()));
  const Json reply = internal::Ask(gateway_, kAgent, variables, kKey, ReplySchema(1), call);
  return internal::ParseOneItem(kAgent, reply, kKey, TestCaseSchema(), backlog::TestCaseFromJson);
}

}  // namespace agents
