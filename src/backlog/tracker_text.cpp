#include "backlog/tracker_text.hpp"

#include "backlog/export_text.hpp"
#include "backlog/text.hpp"

namespace backlog {

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
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
      default:
        out += c;
    }
  }
  return out;
}

std::string HtmlParagraphs(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!text::IsBlank(line)) out += "<p>" + EscapeHtml(line) + "</p>";
    start = end + 1;
  }
  return out;
}

std::string HtmlList(const std::vector<std::string>& items) {
  if (items.empty()) return {};
  std::string out = "<ul>";
  for (const std::string& item : items) {
    out += "<li>" + EscapeHtml(internal::OneLine(item)) + "</li>";
  }
  out += "</ul>";
  return out;
}

std::string TrackerPriority(std::string_view priority) {
  const std::string lower = text::ToLower(priority);
  if (lower == "high") return "1";
  if (lower == "medium") return "2";
  if (lower == "low") return "3";
  return {};
}

std::string StoryText(const Story& story) {
  if (text::IsBlank(story.user_story) ||
      story.description.find(story.user_story) != std::string::npos) {
    return story.description;
  }
  if (text::IsBlank(story.description)) return story.user_story;
  return story.user_story + "\n\n" + story.description;
}

}  // namespace backlog
