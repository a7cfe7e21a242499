#include "store/push_store.hpp"

#include <array>
#include <utility>

namespace store {
namespace {

constexpr std::array<std::pair<PushItemState, std::string_view>, 7> kItemStateNames{{
    {PushItemState::kPending, "pending"},
    {PushItemState::kSending, "sending"},
    {PushItemState::kCreated, "created"},
    {PushItemState::kFailed, "failed"},
    {PushItemState::kBlocked, "blocked"},
    {PushItemState::kSkipped, "skipped"},
    {PushItemState::kRemoved, "removed"},
}};

}  // namespace

std::string_view PushItemStateName(PushItemState state) {
  for (const auto& [value, name] : kItemStateNames) {
    if (value == state) return name;
  }
  return "unknown";
}

std::optional<PushItemState> ParsePushItemState(std::string_view name) {
  for (const auto& [value, candidate] : kItemStateNames) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

}  // namespace store
