#pragma once

// Work items as plain text for prompts: the parent items an agent works from, and the titles of
// siblings it must not duplicate. Internal to the agents.

#include <string>
#include <vector>

#include "backlog/model.hpp"

namespace agents::internal {

// "- a\n- b\n"; empty for no lines.
std::string BulletList(const std::vector<std::string>& lines);

std::string DescribeEpic(const backlog::Epic& epic);
std::string DescribeFeature(const backlog::Feature& feature);
std::string DescribeStory(const backlog::Story& story);
// Every story of the feature, numbered, with its user story and acceptance criteria.
std::string DescribeStories(const std::vector<backlog::Story>& stories);

// The titles of `items` other than `failing` (the same object, or one with its id), as a bullet
// list: what a regenerated item must not duplicate.
template <typename Item>
std::string OtherTitles(const std::vector<Item>& items, const Item& failing) {
  std::vector<std::string> titles;
  for (const Item& item : items) {
    if (&item == &failing || (!failing.id.empty() && item.id == failing.id)) continue;
    titles.push_back(item.title);
  }
  return BulletList(titles);
}

}  // namespace agents::internal
