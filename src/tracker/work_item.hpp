#pragma once

// What a backlog node becomes in Azure DevOps: its text as the tracker's rich-text fields take
// it, and the JSON Patch that creates it. Pure functions; the process (which fields a type has)
// comes from ado_project.hpp.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "backlog/model.hpp"

namespace tracker {

// Field reference names the upload writes.
namespace field {
inline constexpr std::string_view kTitle = "System.Title";
inline constexpr std::string_view kDescription = "System.Description";
inline constexpr std::string_view kTags = "System.Tags";
inline constexpr std::string_view kAreaPath = "System.AreaPath";
inline constexpr std::string_view kIterationPath = "System.IterationPath";
inline constexpr std::string_view kAcceptanceCriteria = "Microsoft.VSTS.Common.AcceptanceCriteria";
inline constexpr std::string_view kPriority = "Microsoft.VSTS.Common.Priority";
inline constexpr std::string_view kStoryPoints = "Microsoft.VSTS.Scheduling.StoryPoints";
inline constexpr std::string_view kEffort = "Microsoft.VSTS.Scheduling.Effort";
inline constexpr std::string_view kSize = "Microsoft.VSTS.Scheduling.Size";
inline constexpr std::string_view kOriginalEstimate = "Microsoft.VSTS.Scheduling.OriginalEstimate";
inline constexpr std::string_view kRemainingWork = "Microsoft.VSTS.Scheduling.RemainingWork";
inline constexpr std::string_view kSteps = "Microsoft.VSTS.TCM.Steps";
}  // namespace field

// Link types, by their reference names.
inline constexpr std::string_view kParentLink = "System.LinkTypes.Hierarchy-Reverse";
inline constexpr std::string_view kTestsLink = "Microsoft.VSTS.Common.TestedBy-Reverse";
inline constexpr std::string_view kHyperlink = "Hyperlink";

// A work item type of the project and the fields it has.
struct WorkItemType {
  std::string name;  // "User Story", "Product Backlog Item", ...
  std::set<std::string, std::less<>> fields;
  bool Has(std::string_view reference_name) const { return fields.contains(reference_name); }
};

// A node's content for its work item, before the type picks the fields it has.
struct ItemText {
  std::string title;
  std::string description_html;
  std::string acceptance_html;    // stories
  std::string priority;           // "1".."3" or empty
  std::optional<double> points;   // stories (and features): story points, effort or size
  std::optional<double> hours;    // tasks: original estimate and remaining work
  std::string steps_xml;          // test cases
  std::vector<std::string> tags;  // the node's own: its category, needs-review
};

ItemText TextOf(const backlog::Epic& epic);
ItemText TextOf(const backlog::Feature& feature);
ItemText TextOf(const backlog::Story& story);
ItemText TextOf(const backlog::Task& task);
ItemText TextOf(const backlog::TestCase& test_case);

// Microsoft.VSTS.TCM.Steps: a <step> per test step with its action and expected result, each
// HTML-escaped, wrapped in <DIV><P>, then XML-escaped (the order the web UI itself uses).
std::string StepsXml(const std::vector<backlog::TestStep>& steps);

// A tag as Azure DevOps keeps it: no ',' or ';', no leading '@', at most 400 characters.
std::string CleanTag(std::string_view tag);

// Where and how every item of a push is marked.
struct ItemMarks {
  std::string push_tag;        // on every item; finds the push's items again
  std::string node_url;        // this node's page in the service: the Hyperlink relation
  std::string area_path;       // empty: the project's default
  std::string iteration_path;  // empty: the project's default
};

struct Relation {
  std::string rel;
  std::string url;
};

// The create patch: /id (a temporary id, in a batch), the fields the type has, the tags with
// the push tag, the relations (parent, tests), and the node's Hyperlink. `estimate_field` is the
// requirement type's estimate (StoryPoints, Effort or Size) where the type has it.
nlohmann::json CreatePatch(const ItemText& text, const WorkItemType& type,
                           const std::string& estimate_field, const ItemMarks& marks,
                           std::optional<std::int64_t> temporary_id,
                           const std::vector<Relation>& relations);

}  // namespace tracker
