#include "store/job_types.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <utility>

namespace store {
namespace {

constexpr std::array<std::pair<JobKind, std::string_view>, 5> kKindNames{{
    {JobKind::kGenerate, "generate"},
    {JobKind::kRegenerate, "regenerate"},
    {JobKind::kOptimizeVision, "optimize_vision"},
    {JobKind::kPush, "push"},
    {JobKind::kPushCleanup, "push_cleanup"},
}};

constexpr std::array<std::pair<JobState, std::string_view>, 6> kStateNames{{
    {JobState::kQueued, "queued"},
    {JobState::kRunning, "running"},
    {JobState::kCompleted, "completed"},
    {JobState::kCompletedWithWarnings, "completed_with_warnings"},
    {JobState::kFailed, "failed"},
    {JobState::kCancelled, "cancelled"},
}};

template <typename Value, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Value, std::string_view>, N>& names,
                        Value value) {
  for (const auto& [candidate, name] : names) {
    if (candidate == value) return name;
  }
  return "unknown";
}

template <typename Value, std::size_t N>
std::optional<Value> ValueOf(const std::array<std::pair<Value, std::string_view>, N>& names,
                             std::string_view name) {
  for (const auto& [value, candidate] : names) {
    if (candidate == name) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view JobKindName(JobKind kind) { return NameOf(kKindNames, kind); }
std::optional<JobKind> ParseJobKind(std::string_view name) { return ValueOf(kKindNames, name); }
std::string_view JobStateName(JobState state) { return NameOf(kStateNames, state); }
std::optional<JobState> ParseJobState(std::string_view name) { return ValueOf(kStateNames, name); }

void to_json(nlohmann::json& json, JobKind kind) { json = JobKindName(kind); }
void to_json(nlohmann::json& json, JobState state) { json = JobStateName(state); }

}  // namespace store
