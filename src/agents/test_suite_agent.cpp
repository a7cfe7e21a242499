#include "agents/test_suite_agent.hpp"

#include <utility>

#include "agents/agent_call.hpp"
#include "agents/prompt_text.hpp"
#include "agents/strict_schema.hpp"
#include "backlog/json_mapping.hpp"

namespace agents {
namespace {

using internal::Json;

constexpr std::string_view kAgent = "qa_test_suite";

Json SuiteSchema() {
  return schema::Object({
      {"name", schema::String()},
      {"description", schema::String()},
      {"test_categories",
       schema::Array(schema::StringEnum({"positive", "negative", "boundary", "integration",
                                         "performance", "security", "accessibility", "usability"}),
                     1, 8)},
      {"test_objectives", schema::StringArray(1, 6)},
      {"prerequisites", schema::StringArray(0, 6)},
      {"test_data_requirements", schema::StringArray(0, 6)},
      {"priority", schema::StringEnum(schema::Priorities())},
  });
}

}  // namespace

backlog::TestSuite TestSuiteAgent::Generate(const ProjectContext& context,
                                            const backlog::Feature& feature,
                                            const backlog::Story& story, const CallContext& call) {
  PromptVariables variables = internal::StoryVariables(context, feature, story);
  internal::AddNoFindings(variables);
  return Produce(std::move(variables), call);
}

backlog::TestSuite TestSuiteAgent::Regenerate(
    const ProjectContext& context, const backlog::Feature& feature, const backlog::Story& story,
    const backlog::TestSuite& failing, const std::string& findings, const CallContext& call) {
  internal::CheckFindings(findings);
  PromptVariables variables = internal::StoryVariables(context, feature, story);
  internal::AddFindings(variables, findings,
                        internal::ShapeLike(backlog::ToJson(failing), SuiteSchema()));
  return Produce(std::move(variables), call);
}

backlog::TestSuite TestSuiteAgent::Produce(PromptVariables variables, const CallContext& call) {
  const Json schema = SuiteSchema();
  const Json reply = internal::Ask(gateway_, kAgent, variables, "test_suite", schema, call);
  return internal::ParseReply(kAgent, [&] {
    return backlog::TestSuiteFromJson(internal::ShapeLike(reply, schema), "test_suite");
  });
}

}  // namespace agents
