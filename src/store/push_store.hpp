#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/pipeline_store.hpp"

namespace store {

// Where one outbox item is. An item is sent only while it is kSending, so after a crash or an
// unanswered request every kSending item is an uncertain outcome: the uploader looks in the
// tracker before it sends it again.
enum class PushItemState {
  kPending,  // not sent yet (or known not to exist after a check)
  kSending,  // sent; the outcome is not known yet
  kCreated,  // exists in the tracker under tracker_id
  kFailed,   // the tracker refused it; last_error says why
  kBlocked,  // an item it depends on failed
  kSkipped,  // not uploaded on purpose (no Test Plans access, say); last_error says why
  kRemoved,  // created, then removed again by a cleanup
};
std::string_view PushItemStateName(PushItemState state);
std::optional<PushItemState> ParsePushItemState(std::string_view name);

struct PushItemRow {
  std::string node_id;
  std::string parent_node_id;  // empty when nothing has to exist first
  std::string kind;            // epic, feature, story, task, test_plan, test_suite, test_case
  std::int64_t position = 0;   // parents before children
  PushItemState state = PushItemState::kPending;
  std::int64_t attempts = 0;
  std::string last_error;
  std::optional<std::int64_t> tracker_id;
  std::string tracker_url;
  std::string detail = "{}";  // JSON
};

struct PushRow {
  std::string id;
  std::string project_id;
  std::int64_t owner_id = 0;
  std::string job_id;
  std::string tag;
  std::string target;  // JSON, no secret in it
  std::string state = "active";
  std::int64_t created_at = 0;
  std::int64_t updated_at = 0;
  std::map<std::string, std::int64_t> counts;  // items per state name (filled by reads)
};

// A tracker connection as stored: plain settings and the sealed PAT (empty when none).
struct StoredTrackerSettings {
  std::string data;  // JSON
  std::string sealed_pat;
  std::int64_t updated_at = 0;
};

// Pushes, their outboxes and the tracker connections. Reads by owner: another user's push does
// not exist for the caller.
class PushStore {
 public:
  virtual ~PushStore() = default;

  // In one transaction: the push's job (refused like JobStore::CreateJob), the push and its
  // outbox. Nothing is written when the job is refused.
  virtual JobCreation CreatePush(const JobRow& job, std::string_view first_event_data,
                                 std::int64_t max_queued_per_owner, const PushRow& push,
                                 const std::vector<PushItemRow>& items) = 0;
  // What a new job of an existing push does.
  enum class Continuation {
    kRetry,    // sends its failed and blocked items again (back to pending)
    kCleanUp,  // removes what it created from the tracker
  };
  // In one transaction: a new job for an existing push (refused like JobStore::CreateJob), the
  // push pointed at it, and for kRetry its failed and blocked items back to pending.
  virtual JobCreation ContinuePush(const JobRow& job, std::string_view first_event_data,
                                   std::int64_t max_queued_per_owner, std::string_view push_id,
                                   Continuation continuation) = 0;
  virtual std::optional<PushRow> FindPush(std::string_view push_id, std::int64_t owner_id) = 0;
  virtual std::optional<PushRow> PushOfJob(std::string_view job_id) = 0;
  // Newest first.
  virtual std::vector<PushRow> ListPushes(std::string_view project_id, std::int64_t owner_id) = 0;
  // In position order.
  virtual std::vector<PushItemRow> Items(std::string_view push_id) = 0;
  // Writes the items' state, attempts, error, tracker id and url, and detail in one transaction.
  virtual void SaveItems(std::string_view push_id, const std::vector<PushItemRow>& items,
                         std::int64_t now) = 0;
  virtual void SetPushState(std::string_view push_id, std::string_view state, std::int64_t now) = 0;

  virtual std::optional<StoredTrackerSettings> UserTracker(std::int64_t user_id) = 0;
  virtual void SaveUserTracker(std::int64_t user_id, const StoredTrackerSettings& settings) = 0;
  // The project's override, if its owner set one.
  virtual std::optional<StoredTrackerSettings> ProjectTracker(std::string_view project_id) = 0;
  virtual void SaveProjectTracker(std::string_view project_id,
                                  const StoredTrackerSettings& settings) = 0;
  virtual void DeleteProjectTracker(std::string_view project_id) = 0;
};

}  // namespace store
