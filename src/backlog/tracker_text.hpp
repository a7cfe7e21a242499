#pragma once

// Backlog text as trackers take it: Azure DevOps stores rich text as HTML, so every piece of
// generated text is escaped before it is wrapped, and no markup of its own reaches the tracker.
// Shared by the Azure DevOps CSV export and the Azure DevOps upload.

#include <string>
#include <string_view>
#include <vector>

#include "backlog/model.hpp"

namespace backlog {

// & < > " as entities.
std::string EscapeHtml(std::string_view text);
// A <p> per non-blank line, each escaped.
std::string HtmlParagraphs(std::string_view text);
// <ul><li>…</li></ul> with each item on one line and escaped; empty for no items.
std::string HtmlList(const std::vector<std::string>& items);
// High, Medium, Low (any case) as Azure DevOps priorities "1", "2", "3"; empty otherwise.
std::string TrackerPriority(std::string_view priority);
// A story's text for the trackers: the user story first unless the description repeats it.
std::string StoryText(const Story& story);

}  // namespace backlog
