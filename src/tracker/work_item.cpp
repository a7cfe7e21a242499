#include "tracker/work_item.hpp"

#include <utility>

#include "backlog/text.hpp"
#include "backlog/tracker_text.hpp"

namespace tracker {
namespace {

using backlog::EscapeHtml;
using backlog::HtmlList;
using backlog::HtmlParagraphs;

// A titled section of a description, when there is something in it.
std::string Section(std::string_view heading, const std::string& html) {
  if (html.empty()) return {};
  return "<p><b>" + EscapeHtml(heading) + "</b></p>" + html;
}

std::string Line(std::string_view label, std::string_view value) {
  if (backlog::text::IsBlank(value)) return {};
  return "<p><b>" + EscapeHtml(label) + ":</b> " + EscapeHtml(value) + "</p>";
}

std::vector<std::string> NodeTags(std::string_view category, const backlog::Quality& quality) {
  std::vector<std::string> tags;
  if (!backlog::text::IsBlank(category)) tags.push_back(CleanTag(category));
  if (quality.needs_review) tags.emplace_back("needs-review");
  return tags;
}

std::string Title(std::string_view title) {
  std::string out;
  for (const char c : title) {
    if (c != '\r') out += c == '\n' ? ' ' : c;
  }
  // System.Title takes at most 255 characters; cut on a UTF-8 boundary.
  if (out.size() > 255) {
    std::size_t cut = 255;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string StepText(std::string_view text) {
  if (backlog::text::IsBlank(text)) return {};
  return XmlEscape("<DIV><P>" + EscapeHtml(text) + "</P></DIV>");
}

nlohmann::json Add(std::string_view path, nlohmann::json value) {
  return {{"op", "add"}, {"path", path}, {"value", std::move(value)}};
}

std::string FieldPath(std::string_view reference_name) {
  return "/fields/" + std::string(reference_name);
}

}  // namespace

std::string CleanTag(std::string_view tag) {
  std::string out;
  for (const char c : tag) {
    if (c == ',' || c == ';' || c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out += c;
    }
  }
  const std::string_view trimmed = backlog::text::Trim(out);
  std::string clean(trimmed);
  while (!clean.empty() && clean.front() == '@') clean.erase(clean.begin());
  if (clean.size() > 400) clean.resize(400);
  return clean;
}

ItemText TextOf(const backlog::Epic& epic) {
  ItemText text;
  text.title = Title(epic.title);
  text.description_html =
      HtmlParagraphs(epic.description) + Line("Complexity", epic.estimated_complexity);
  text.priority = backlog::TrackerPriority(epic.priority);
  text.tags = NodeTags(epic.category, epic.quality);
  return text;
}

ItemText TextOf(const backlog::Feature& feature) {
  ItemText text;
  text.title = Title(feature.title);
  text.description_html =
      HtmlParagraphs(feature.description) + Line("Business value", feature.business_value) +
      Section("User experience", HtmlList(feature.ui_ux_requirements)) +
      Section("Technical considerations", HtmlList(feature.technical_considerations)) +
      Section("Edge cases", HtmlList(feature.edge_cases)) +
      Section("Depends on", HtmlList(feature.dependencies));
  text.priority = backlog::TrackerPriority(feature.priority);
  if (feature.estimated_story_points > 0) text.points = feature.estimated_story_points;
  text.tags = NodeTags(feature.category, feature.quality);
  return text;
}

ItemText TextOf(const backlog::Story& story) {
  ItemText text;
  text.title = Title(story.title);
  text.description_html = HtmlParagraphs(backlog::StoryText(story));
  text.acceptance_html = HtmlList(story.acceptance_criteria);
  text.priority = backlog::TrackerPriority(story.priority);
  if (story.story_points > 0) text.points = story.story_points;
  text.tags = NodeTags(story.category, story.quality);
  return text;
}

ItemText TextOf(const backlog::Task& task) {
  ItemText text;
  text.title = Title(task.title);
  std::string technical;
  if (!backlog::text::IsBlank(task.technical_details) && task.technical_details != "{}") {
    technical = "<p>" + EscapeHtml(task.technical_details) + "</p>";
  }
  text.description_html = HtmlParagraphs(task.description) + Line("Complexity", task.complexity) +
                          Section("Done when", HtmlList(task.acceptance_criteria)) +
                          Section("Depends on", HtmlList(task.dependencies)) +
                          Section("Technical details", technical);
  if (task.estimate_hours > 0) text.hours = task.estimate_hours;
  text.tags = NodeTags(task.category, task.quality);
  return text;
}

ItemText TextOf(const backlog::TestCase& test_case) {
  ItemText text;
  text.title = Title(test_case.title);
  text.description_html =
      HtmlParagraphs(test_case.description) +
      Section("Preconditions", HtmlList(test_case.preconditions)) +
      Section("Test data", HtmlList(test_case.test_data)) + Line("Type", test_case.type) +
      (test_case.automation_candidate ? "<p>Candidate for automation</p>" : std::string());
  text.priority = backlog::TrackerPriority(test_case.priority);
  text.steps_xml = StepsXml(test_case.steps);
  text.tags = NodeTags(test_case.type, test_case.quality);
  return text;
}

std::string StepsXml(const std::vector<backlog::TestStep>& steps) {
  if (steps.empty()) return {};
  std::string xml = "<steps id=\"0\" last=\"" + std::to_string(steps.size()) + "\">";
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const backlog::TestStep& step = steps[i];
    const bool validates = !backlog::text::IsBlank(step.expected);
    xml += "<step id=\"" + std::to_string(i + 1) + "\" type=\"" +
           (validates ? "ValidateStep" : "ActionStep") + "\">";
    xml += "<parameterizedString isformatted=\"true\">" + StepText(step.action) +
           "</parameterizedString>";
    xml += "<parameterizedString isformatted=\"true\">" + StepText(step.expected) +
           "</parameterizedString>";
    xml += "<description/></step>";
  }
  xml += "</steps>";
  return xml;
}

nlohmann::json CreatePatch(const ItemText& text, const WorkItemType& type,
                           const std::string& estimate_field, const ItemMarks& marks,
                           std::optional<std::int64_t> temporary_id,
                           const std::vector<Relation>& relations) {
  nlohmann::json patch = nlohmann::json::array();
  if (temporary_id) patch.push_back(Add("/id", std::to_string(*temporary_id)));
  patch.push_back(Add(FieldPath(field::kTitle), text.title));
  const auto set = [&](std::string_view reference_name, nlohmann::json value) {
    if (type.Has(reference_name)) patch.push_back(Add(FieldPath(reference_name), std::move(value)));
  };
  if (!text.description_html.empty()) set(field::kDescription, text.description_html);
  if (!text.acceptance_html.empty()) set(field::kAcceptanceCriteria, text.acceptance_html);
  if (!text.priority.empty()) set(field::kPriority, std::stoi(text.priority));
  if (text.points && !estimate_field.empty()) set(estimate_field, *text.points);
  if (text.hours) {
    set(field::kOriginalEstimate, *text.hours);
    set(field::kRemainingWork, *text.hours);
  }
  if (!text.steps_xml.empty()) set(field::kSteps, text.steps_xml);
  std::string tags = marks.push_tag;
  for (const std::string& tag : text.tags) {
    if (!tag.empty()) tags += "; " + tag;
  }
  patch.push_back(Add(FieldPath(field::kTags), tags));
  if (!marks.area_path.empty()) patch.push_back(Add(FieldPath(field::kAreaPath), marks.area_path));
  if (!marks.iteration_path.empty()) {
    patch.push_back(Add(FieldPath(field::kIterationPath), marks.iteration_path));
  }
  for (const Relation& relation : relations) {
    patch.push_back(Add("/relations/-", {{"rel", relation.rel}, {"url", relation.url}}));
  }
  patch.push_back(Add("/relations/-", {{"rel", kHyperlink},
                                       {"url", marks.node_url},
                                       {"attributes", {{"comment", "Agile Backlog Automation"}}}}));
  return patch;
}

}  // namespace tracker
