#pragma once

// Uploads a push's outbox to Azure DevOps: work items through $batch (parents before children,
// temporary ids so a parent and its children travel together), then test plans, suites and
// their test cases through the Test Plans API. Exactly once: an item is marked as being sent
// (durably) before it is sent, and after any outcome that is not certain the uploader looks up
// what the push created (WIQL by its tag, then the items with their relations, matched to nodes
// by their Hyperlink) and adopts it; nothing whose outcome is unknown is sent blind again.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "store/push_store.hpp"
#include "tracker/ado_client.hpp"
#include "tracker/ado_project.hpp"
#include "tracker/push_plan.hpp"

namespace tracker {

struct UploadSettings {
  std::string push_id;
  std::string tag;              // on every work item of the push
  std::string node_url_prefix;  // + node id = the node's page: each work item's Hyperlink
  std::string area_path;        // empty: the project's default
  std::string iteration_path;
  std::size_t batch_size = 200;  // $batch entries per request (the service takes 200 at most)
  int max_attempts = 5;          // sends of one item whose outcome stays uncertain
};

// One item that reached a final state in this round.
struct UploadEvent {
  std::string node_id;
  std::string kind;
  std::string title;
  store::PushItemState state = store::PushItemState::kPending;
  std::optional<std::int64_t> tracker_id;
  std::string url;
  std::string error;
};

struct UploadResult {
  enum class Outcome { kFinished, kCancelled, kStopped };
  Outcome outcome = Outcome::kFinished;
  std::string error;                           // kStopped: why (the PAT was refused, say)
  std::map<store::PushItemState, int> counts;  // items per state at the end
  std::int64_t requests = 0;                   // sent by this run, retries included
};

class Uploader {
 public:
  using ProgressFn = std::function<void(const std::vector<UploadEvent>& finished,
                                        const std::map<store::PushItemState, int>& counts)>;

  Uploader(AdoClient& client, store::PushStore& store, const ProcessMap& process, bool test_plans,
           std::map<std::string, PushNode> nodes, UploadSettings settings, ProgressFn progress,
           std::function<std::int64_t()> now, const std::atomic<bool>* cancelled);

  UploadResult Run();

 private:
  struct Stop {
    std::string reason;
  };

  void UploadWorkItems();
  bool SendBatch(std::vector<store::PushItemRow*>& batch);
  void SendOne(store::PushItemRow& item);
  void UploadTestPlans();
  void CreatePlan(store::PushItemRow& plan);
  void CreateSuite(store::PushItemRow& suite);
  struct SuiteMembers {
    std::vector<std::int64_t> ids;  // created test cases not in the suite yet
    bool waiting = false;           // some test case of the story is not settled yet
  };
  SuiteMembers MembersToAdd(const store::PushItemRow& suite);
  void AddSuiteMembers(store::PushItemRow& suite);

  // Looks up the push's work items in the tracker and adopts those its outbox does not know as
  // created. Throws Stop when it cannot look: nothing is sent blind.
  void Reconcile();
  // After Reconcile: what is still marked as being sent was not created.
  void ResolveSending(const std::vector<store::PushItemRow*>& items, const std::string& error);
  bool FindPlan(store::PushItemRow& plan);
  bool FindSuite(store::PushItemRow& suite, std::int64_t plan_id, std::int64_t root_suite);
  void Report();
  nlohmann::json WorkItemPatch(const store::PushItemRow& item,
                               const std::map<std::string, std::int64_t>& temporary_ids) const;
  std::string ParentRelationUrl(const store::PushItemRow& item,
                                const std::map<std::string, std::int64_t>& temporary_ids) const;
  // Marks items as being sent (durably) before a request that may create them.
  void MarkSending(const std::vector<store::PushItemRow*>& items);
  void Created(store::PushItemRow& item, std::int64_t id, std::string url);
  void Finish(store::PushItemRow& item, store::PushItemState state, std::string error);
  // After an uncertain outcome: back to pending, or failed once it has used its attempts.
  void AfterUncertain(store::PushItemRow& item, const std::string& error);
  void Save();
  void HandleFatal(const AdoReply& reply);
  store::PushItemRow* Row(const std::string& node_id);
  bool Cancelled() const { return cancelled_ != nullptr && cancelled_->load(); }

  AdoClient& client_;
  store::PushStore& store_;
  const ProcessMap& process_;
  bool test_plans_;
  std::map<std::string, PushNode> nodes_;
  UploadSettings settings_;
  ProgressFn progress_;
  std::function<std::int64_t()> now_;
  const std::atomic<bool>* cancelled_;

  std::vector<store::PushItemRow> items_;
  std::map<std::string, std::size_t> index_;  // node id -> items_
  std::vector<std::string> dirty_;            // node ids changed since the last save
  std::vector<UploadEvent> finished_;         // since the last progress report
  bool single_creates_ = false;               // $batch refused: one create per item
};

// The node id a work item's Hyperlink names, if it is one of this push's node links.
std::optional<std::string> NodeOfLink(std::string_view url, std::string_view node_url_prefix);

}  // namespace tracker
