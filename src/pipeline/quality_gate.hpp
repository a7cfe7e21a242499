#pragma once

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "backlog/quality.hpp"
#include "llm/llm_error.hpp"

namespace pipeline {

// Errors no other step could avoid: the whole job stops with the message.
inline bool IsFatal(const llm::LlmError& error) {
  return error.kind() == llm::LlmErrorKind::kAuthentication ||
         error.kind() == llm::LlmErrorKind::kQuota ||
         error.kind() == llm::LlmErrorKind::kBadRequest;
}

// An item a new one must not nearly duplicate: how the message names it, and its texts.
struct ExistingItem {
  std::string label;  // e.g. story "Book a shift"
  std::vector<std::string>
      texts;  // compared pairwise with the new item's, e.g. {user story, title}
};

// Adds a `rule` error ("story.unique") to `quality`, and lowers its score, when one of `texts`
// nearly duplicates the matching text of an existing item: the similarity FindDuplicates uses on
// a finished tree, applied as items are made so a duplicate is regenerated now, not just flagged.
void FlagNearDuplicate(backlog::Quality& quality, std::string_view rule,
                       const std::vector<std::string>& texts,
                       const std::vector<ExistingItem>& existing);

// The quality rules of a level plus its uniqueness: against `existing` items and against the
// items before it in `batch` (the step's own items). For EnsureQuality.
template <typename Item, typename Assess, typename TextsOf>
auto AssessUnique(Assess assess, std::string rule, std::string kind, TextsOf texts_of,
                  std::vector<ExistingItem> existing, const std::vector<Item>& batch) {
  return [assess, rule, kind, texts_of, existing = std::move(existing), &batch](const Item& item,
                                                                                std::size_t index) {
    backlog::Quality quality = assess(item);
    std::vector<ExistingItem> seen = existing;
    for (std::size_t i = 0; i < index && i < batch.size(); ++i) {
      seen.push_back({kind + " \"" + batch[i].title + "\"", texts_of(batch[i])});
    }
    FlagNearDuplicate(quality, rule, texts_of(item), seen);
    return quality;
  };
}

// The rules alone, for items with no uniqueness rule (test artefacts).
template <typename Assess>
auto AssessAlone(Assess assess) {
  return [assess](const auto& item, std::size_t) { return assess(item); };
}

// Gives each item a quality verdict (assess(item, its index)); an item that fails is regenerated
// alone, with its findings, up to the allowed number of generations; then it is kept and flagged
// for review. Returns how many items stay flagged.
template <typename Item, typename Assess, typename Regenerate>
int EnsureQuality(std::vector<Item>& items, Assess assess, Regenerate regenerate, int max_attempts,
                  const std::atomic<bool>& cancelled) {
  int flagged = 0;
  for (std::size_t index = 0; index < items.size(); ++index) {
    Item& item = items[index];
    backlog::Quality quality = assess(item, index);
    int attempts = 1;
    while (!backlog::Passes(quality) && attempts < max_attempts && !cancelled) {
      try {
        Item again = regenerate(item, backlog::FindingsForPrompt(quality));
        ++attempts;
        const backlog::Quality again_quality = assess(again, index);
        // Keep whichever is better: a regeneration must never make an item worse.
        if (again_quality.score >= quality.score || backlog::Passes(again_quality)) {
          item = std::move(again);
          quality = again_quality;
        }
      } catch (const llm::LlmError& error) {
        if (error.kind() == llm::LlmErrorKind::kCancelled || IsFatal(error)) throw;
        spdlog::warn("regenerating an item failed ({}); keeping it for review", error.what());
        break;
      }
    }
    quality.attempts = attempts;
    quality.needs_review = !backlog::Passes(quality);
    if (quality.needs_review) ++flagged;
    item.quality = quality;
  }
  return flagged;
}

}  // namespace pipeline
