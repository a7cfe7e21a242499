// A provider's reply as the LLM client treats it: the JSON extracted from the text
// (llm::ExtractJson), validated against the real schemas of the agents (llm::JsonSchema, as a
// fresh reply with up to 20 violations and as a cached one with 1), and, where it is valid, read
// by that agent into backlog items. A reply valid under an agent's schema must parse: the schema
// is the agent's whole promise about what it accepts.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agents/developer_agent.hpp"
#include "agents/epic_strategist.hpp"
#include "agents/feature_decomposer.hpp"
#include "agents/gateway.hpp"
#include "agents/project_context.hpp"
#include "agents/story_decomposer.hpp"
#include "agents/test_case_agent.hpp"
#include "agents/test_plan_agent.hpp"
#include "agents/test_suite_agent.hpp"
#include "agents/vision_assessor.hpp"
#include "agents/vision_optimizer.hpp"
#include "backlog/model.hpp"
#include "fuzz/fuzz_check.hpp"
#include "llm/json_extraction.hpp"
#include "llm/json_schema.hpp"
#include "llm/llm_error.hpp"

namespace {

using Json = nlohmann::json;

// Answers every call with `reply` and keeps the schema the agent sent.
class ReplyGateway final : public agents::LlmGateway {
 public:
  llm::ChatResult Call(std::string_view /*agent*/, llm::ChatRequest request,
                       const agents::CallContext& /*context*/) override {
    schema = std::move(request.schema);
    llm::ChatResult result;
    result.value = reply;
    return result;
  }

  Json reply;
  Json schema;
};

struct AgentUnderTest {
  std::string name;
  std::function<void(ReplyGateway&)> call;  // one generation call with the default limits
  Json schema;                              // what that call sends
  llm::JsonSchema compiled;                 // as the client checks replies against it
};

// The schemas are the agents' own: record what the call sends (its empty reply is refused).
AgentUnderTest Recorded(std::string name, std::function<void(ReplyGateway&)> call) {
  ReplyGateway gateway;
  try {
    call(gateway);
  } catch (const llm::LlmError&) {
  }
  fuzz::Require(gateway.schema.is_object(), "every agent sends a schema");
  llm::JsonSchema compiled = llm::JsonSchema::Compile(gateway.schema);
  return {std::move(name), std::move(call), std::move(gateway.schema), std::move(compiled)};
}

struct Fixture {
  backlog::Project project;
  backlog::Epic epic;
  backlog::Feature feature;
  backlog::Story story;
  agents::CallContext call;
  std::vector<AgentUnderTest> agents;
};

const Fixture& TheFixture() {
  static const Fixture* fixture = [] {
    auto* f = new Fixture;
    f->project.name = "Harbour Clinic Booking";
    f->project.domains = {"healthcare"};
    f->project.vision = "Patients of Harbour Clinic book and manage visits online.";
    f->project.target_users = "clinic patients and reception staff";
    f->epic.title = "Clinic appointment booking";
    f->feature.title = "Book a visit from open slots";
    f->story.title = "Book an open slot";
    const backlog::WorkItemLimits limits;
    const auto context = [f] { return agents::MakeProjectContext(f->project); };
    f->agents = {
        Recorded("epic_strategist",
                 [=](ReplyGateway& g) {
                   agents::EpicStrategist(g).Generate(context(), limits.max_epics, f->call);
                 }),
        Recorded("feature_decomposer",
                 [=](ReplyGateway& g) {
                   agents::FeatureDecomposer(g).Generate(context(), f->epic,
                                                         limits.max_features_per_epic, f->call);
                 }),
        Recorded("story_decomposer",
                 [=](ReplyGateway& g) {
                   agents::StoryDecomposer(g).Generate(context(), f->epic, f->feature,
                                                       limits.max_stories_per_feature, f->call);
                 }),
        Recorded("developer",
                 [=](ReplyGateway& g) {
                   agents::DeveloperAgent(g).Generate(context(), f->feature, f->story,
                                                      limits.max_tasks_per_story, f->call);
                 }),
        Recorded("qa_test_plan",
                 [=](ReplyGateway& g) {
                   agents::TestPlanAgent(g).Generate(context(), f->feature, f->call);
                 }),
        Recorded("qa_test_suite",
                 [=](ReplyGateway& g) {
                   agents::TestSuiteAgent(g).Generate(context(), f->feature, f->story, f->call);
                 }),
        Recorded("qa_test_cases",
                 [=](ReplyGateway& g) {
                   agents::TestCaseAgent(g).Generate(context(), f->feature, f->story,
                                                     limits.max_test_cases_per_story, f->call);
                 }),
        Recorded("vision_assessor",
                 [=](ReplyGateway& g) {
                   agents::VisionAssessor(g).Assess(f->project.vision, f->project.domains, f->call);
                 }),
        Recorded("vision_optimizer",
                 [=](ReplyGateway& g) {
                   agents::VisionOptimizer(g).Optimize(f->project.vision, f->project.domains, {},
                                                       f->call);
                 }),
    };
    return f;
  }();
  return *fixture;
}

void CheckAgainst(const AgentUnderTest& agent, const Json& value) {
  const std::vector<llm::SchemaViolation> violations = agent.compiled.Validate(value);
  fuzz::Require(agent.compiled.Validate(value, 1).empty() == violations.empty(),
                "a cached reply is valid exactly when a fresh one is");
  fuzz::Require(llm::DescribeViolations(violations).empty() == violations.empty(),
                "every violation is described");
  if (!violations.empty()) return;
  ReplyGateway gateway;
  gateway.reply = value;
  try {
    agent.call(gateway);
  } catch (const llm::LlmError& error) {
    fuzz::Require(false, agent.name + " refused a reply its schema accepts: " + error.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Fixture& fixture = TheFixture();
  const std::optional<llm::ExtractedJson> extracted =
      llm::ExtractJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!extracted) return 0;
  // The client caches the value's dump and extracts it again on a hit.
  const std::optional<llm::ExtractedJson> cached = llm::ExtractJson(extracted->value.dump());
  fuzz::Require(cached && cached->value == extracted->value, "a cached reply reads back the same");
  // The client checks a reply against its own request's schema: here the schemas naming one of
  // the value's keys, or for any other value one schema picked by the input's size.
  bool checked = false;
  if (extracted->value.is_object()) {
    for (const AgentUnderTest& agent : fixture.agents) {
      const Json& properties = agent.schema.at("properties");
      for (const auto& [key, member] : extracted->value.items()) {
        if (!properties.contains(key)) continue;
        CheckAgainst(agent, extracted->value);
        checked = true;
        break;
      }
    }
  }
  if (!checked) CheckAgainst(fixture.agents[size % fixture.agents.size()], extracted->value);
  return 0;
}
