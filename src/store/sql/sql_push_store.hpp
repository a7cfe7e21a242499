#pragma once

#include "store/push_store.hpp"
#include "store/sql/sql.hpp"

namespace store::sql {

class SqlPushStore final : public PushStore {
 public:
  explicit SqlPushStore(Database& database) : database_(database) {}

  JobCreation CreatePush(const JobRow& job, std::string_view first_event_data,
                         std::int64_t max_queued_per_owner, const PushRow& push,
                         const std::vector<PushItemRow>& items) override;
  JobCreation ContinuePush(const JobRow& job, std::string_view first_event_data,
                           std::int64_t max_queued_per_owner, std::string_view push_id,
                           Continuation continuation) override;
  std::optional<PushRow> FindPush(std::string_view push_id, std::int64_t owner_id) override;
  std::optional<PushRow> PushOfJob(std::string_view job_id) override;
  std::vector<PushRow> ListPushes(std::string_view project_id, std::int64_t owner_id) override;
  std::vector<PushItemRow> Items(std::string_view push_id) override;
  void SaveItems(std::string_view push_id, const std::vector<PushItemRow>& items,
                 std::int64_t now) override;
  void SetPushState(std::string_view push_id, std::string_view state, std::int64_t now) override;

  std::optional<StoredTrackerSettings> UserTracker(std::int64_t user_id) override;
  void SaveUserTracker(std::int64_t user_id, const StoredTrackerSettings& settings) override;
  std::optional<StoredTrackerSettings> ProjectTracker(std::string_view project_id) override;
  void SaveProjectTracker(std::string_view project_id,
                          const StoredTrackerSettings& settings) override;
  void DeleteProjectTracker(std::string_view project_id) override;

 private:
  Database& database_;
};

}  // namespace store::sql
