#pragma once

#include <spdlog/spdlog.h>

#include <atomic>
#include <cstddef>
#include <exception>
#include <future>
#include <optional>
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

// Gives each item a quality verdict (assess(item, its index)); items that fail are regenerated,
// each alone with its own findings, up to the allowed number of generations; then they are kept
// and flagged for review. The failing items of a round are regenerated in parallel (a step's
// chain of calls grows by one call per round, not per failing item), and after each round every
// item is assessed again in order, so uniqueness is judged against the final versions of the
// items before it. Returns how many items stay flagged.
template <typename Item, typename Assess, typename Regenerate>
int EnsureQuality(std::vector<Item>& items, Assess assess, Regenerate regenerate, int max_attempts,
                  const std::atomic<bool>& cancelled) {
  const std::size_t count = items.size();
  std::vector<backlog::Quality> qualities(count);
  std::vector<int> attempts(count, 1);
  std::vector<bool> given_up(count, false);  // a regeneration call failed: keep it as it is
  for (std::size_t index = 0; index < count; ++index)
    qualities[index] = assess(items[index], index);

  while (!cancelled) {
    std::vector<std::size_t> failing;
    for (std::size_t index = 0; index < count; ++index) {
      if (!backlog::Passes(qualities[index]) && attempts[index] < max_attempts &&
          !given_up[index]) {
        failing.push_back(index);
      }
    }
    if (failing.empty()) break;
    std::vector<std::future<Item>> again;
    again.reserve(failing.size());
    for (const std::size_t index : failing) {
      again.push_back(std::async(std::launch::async, [&, index] {
        return regenerate(items[index], backlog::FindingsForPrompt(qualities[index]));
      }));
    }
    // Every call ends before the items change; a cancel or fatal error goes up after that.
    std::exception_ptr stop;
    std::vector<std::optional<Item>> results(failing.size());
    for (std::size_t i = 0; i < failing.size(); ++i) {
      try {
        results[i] = again[i].get();
      } catch (const llm::LlmError& error) {
        if (error.kind() == llm::LlmErrorKind::kCancelled || IsFatal(error)) {
          if (!stop) stop = std::current_exception();
          continue;
        }
        spdlog::warn("regenerating an item failed ({}); keeping it for review", error.what());
        given_up[failing[i]] = true;
      }
    }
    if (stop) std::rethrow_exception(stop);
    for (std::size_t i = 0; i < failing.size(); ++i) {
      if (!results[i]) continue;
      const std::size_t index = failing[i];
      ++attempts[index];
      // Keep whichever is better: a regeneration must never make an item worse.
      const backlog::Quality again_quality = assess(*results[i], index);
      if (again_quality.score >= qualities[index].score || backlog::Passes(again_quality)) {
        items[index] = std::move(*results[i]);
      }
    }
    for (std::size_t index = 0; index < count; ++index)
      qualities[index] = assess(items[index], index);
  }

  int flagged = 0;
  for (std::size_t index = 0; index < count; ++index) {
    backlog::Quality& quality = qualities[index];
    quality.attempts = attempts[index];
    quality.needs_review = !backlog::Passes(quality);
    if (quality.needs_review) ++flagged;
    items[index].quality = quality;
  }
  return flagged;
}

}  // namespace pipeline
