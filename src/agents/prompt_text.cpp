#include "agents/prompt_text.hpp"

namespace agents::internal {
namespace {

// "Label: value\n", or nothing for an empty value.
std::string Line(const std::string& label, const std::string& value) {
  return value.empty() ? "" : label + ": " + value + "\n";
}

// "Label:\n- a\n- b\n", or nothing for no items.
std::string Section(const std::string& label, const std::vector<std::string>& items) {
  return items.empty() ? "" : label + ":\n" + BulletList(items);
}

std::string Number(int value) { return value > 0 ? std::to_string(value) : ""; }

}  // namespace

std::string BulletList(const std::vector<std::string>& lines) {
  std::string list;
  for (const std::string& line : lines) list += "- " + line + "\n";
  return list;
}

std::string DescribeEpic(const backlog::Epic& epic) {
  return Line("Title", epic.title) + Line("Description", epic.description) +
         Line("Priority", epic.priority) + Line("Estimated complexity", epic.estimated_complexity) +
         Line("Category", epic.category);
}

std::string DescribeFeature(const backlog::Feature& feature) {
  return Line("Title", feature.title) + Line("Description", feature.description) +
         Line("Business value", feature.business_value) + Line("Priority", feature.priority) +
         Line("Estimated story points", Number(feature.estimated_story_points)) +
         Line("Category", feature.category) +
         Section("UI/UX requirements", feature.ui_ux_requirements) +
         Section("Technical considerations", feature.technical_considerations) +
         Section("Edge cases", feature.edge_cases) + Section("Dependencies", feature.dependencies);
}

std::string DescribeStory(const backlog::Story& story) {
  return Line("Title", story.title) + Line("User story", story.user_story) +
         Line("Description", story.description) +
         Section("Acceptance criteria", story.acceptance_criteria) +
         Line("Story points", Number(story.story_points)) + Line("Priority", story.priority) +
         Line("Category", story.category) + Line("User type", story.user_type);
}

std::string DescribeStories(const std::vector<backlog::Story>& stories) {
  std::string text;
  for (std::size_t i = 0; i < stories.size(); ++i) {
    const backlog::Story& story = stories[i];
    text += std::to_string(i + 1) + ". " + story.title + "\n";
    if (!story.user_story.empty()) text += "   " + story.user_story + "\n";
    for (const std::string& criterion : story.acceptance_criteria) {
      text += "   - " + criterion + "\n";
    }
  }
  return text;
}

}  // namespace agents::internal
