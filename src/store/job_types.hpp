#pragma once

#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

namespace store {

// What a job does.
enum class JobKind {
  kGenerate,        // a project's whole backlog
  kRegenerate,      // one node again, optionally with everything under it
  kOptimizeVision,  // a vision rewritten to close its gaps
  kPush,            // a backlog uploaded to the tracker (or the failures of a push again)
  kPushCleanup,     // what a push created, removed from the tracker again
};

// Where a job is in its life. Queued and running jobs are active; the other four are final.
enum class JobState { kQueued, kRunning, kCompleted, kCompletedWithWarnings, kFailed, kCancelled };

// The one spelling of each value, as stored, sent in events and shown by the API:
// "generate", "regenerate", "optimize_vision", "push", "push_cleanup"; "queued", "running",
// "completed", "completed_with_warnings", "failed", "cancelled".
std::string_view JobKindName(JobKind kind);
std::optional<JobKind> ParseJobKind(std::string_view name);
std::string_view JobStateName(JobState state);
std::optional<JobState> ParseJobState(std::string_view name);

// A job's kind or state in JSON is always its name: without these, nlohmann would write the
// enum's number.
void to_json(nlohmann::json& json, JobKind kind);
void to_json(nlohmann::json& json, JobState state);

inline bool IsFinal(JobState state) {
  return state != JobState::kQueued && state != JobState::kRunning;
}

}  // namespace store
