#include "tracker/uploader.hpp"

#include <spdlog/spdlog.h>

#include <set>
#include <utility>

#include "backlog/tracker_text.hpp"
#include "json/bounded_parse.hpp"

namespace tracker {
namespace {

using State = store::PushItemState;

bool IsWorkItemKind(std::string_view kind) {
  return kind == "epic" || kind == "feature" || kind == "story" || kind == "task" ||
         kind == "test_case";
}

bool Settled(State state) { return state != State::kPending && state != State::kSending; }

bool Unusable(State state) {
  return state == State::kFailed || state == State::kBlocked || state == State::kSkipped ||
         state == State::kRemoved;
}

std::string KindWords(std::string_view kind) {
  if (kind == "test_case") return "test case";
  if (kind == "test_plan") return "test plan";
  if (kind == "test_suite") return "test suite";
  return std::string(kind);
}

nlohmann::json ParseDetail(const std::string& detail) {
  nlohmann::json parsed = json::ParseOrNull(detail);
  return parsed.is_object() ? parsed : nlohmann::json::object();
}

// A $batch entry's body: the work item (as a JSON string, or an object), or an error whose
// message sits in {"value": {"Message": …}}.
nlohmann::json EntryBody(const nlohmann::json& entry) {
  const auto body = entry.find("body");
  if (body == entry.end()) return nullptr;
  if (body->is_string()) return json::ParseOrNull(body->get<std::string>());
  return *body;
}

std::string EntryMessage(const nlohmann::json& body, int code) {
  if (body.is_object()) {
    if (const auto value = body.find("value"); value != body.end() && value->is_object()) {
      const std::string message = value->value("Message", value->value("message", ""));
      if (!message.empty()) return message;
    }
    const std::string message = body.value("message", "");
    if (!message.empty()) return message;
  }
  return "Azure DevOps refused the item (" + std::to_string(code) + ")";
}

std::int64_t IdOf(const nlohmann::json& item) {
  if (!item.is_object()) return 0;
  const auto id = item.find("id");
  return id != item.end() && id->is_number_integer() ? id->get<std::int64_t>() : 0;
}

}  // namespace

std::optional<std::string> NodeOfLink(std::string_view url, std::string_view node_url_prefix) {
  if (!url.starts_with(node_url_prefix) || url.size() == node_url_prefix.size()) {
    return std::nullopt;
  }
  return std::string(url.substr(node_url_prefix.size()));
}

Uploader::Uploader(AdoClient& client, store::PushStore& store, const ProcessMap& process,
                   bool test_plans, std::map<std::string, PushNode> nodes, UploadSettings settings,
                   ProgressFn progress, std::function<std::int64_t()> now,
                   const std::atomic<bool>* cancelled)
    : client_(client),
      store_(store),
      process_(process),
      test_plans_(test_plans),
      nodes_(std::move(nodes)),
      settings_(std::move(settings)),
      progress_(std::move(progress)),
      now_(std::move(now)),
      cancelled_(cancelled) {
  items_ = store_.Items(settings_.push_id);
  for (std::size_t i = 0; i < items_.size(); ++i) index_[items_[i].node_id] = i;
}

store::PushItemRow* Uploader::Row(const std::string& node_id) {
  const auto found = index_.find(node_id);
  return found == index_.end() ? nullptr : &items_[found->second];
}

UploadResult Uploader::Run() {
  UploadResult result;
  const std::int64_t requests_before = client_.requests_sent();
  try {
    for (store::PushItemRow& item : items_) {
      if (!Settled(item.state) && !nodes_.contains(item.node_id)) {
        Finish(item, State::kFailed, "deleted from the backlog after the push started");
      }
    }
    std::vector<store::PushItemRow*> sending;
    for (store::PushItemRow& item : items_) {
      if (item.state == State::kSending && IsWorkItemKind(item.kind)) sending.push_back(&item);
    }
    if (!sending.empty()) {
      // A previous run stopped while these were on their way: look before sending again.
      spdlog::info("push {}: {} items were being sent when the last run stopped; checking",
                   settings_.push_id, sending.size());
      Reconcile();
      ResolveSending(sending, "the previous run stopped before Azure DevOps answered");
    }
    Save();
    UploadWorkItems();
    if (!Cancelled()) UploadTestPlans();
  } catch (const Stop& stop) {
    result.outcome = UploadResult::Outcome::kStopped;
    result.error = stop.reason;
  }
  Save();
  Report();
  if (Cancelled()) result.outcome = UploadResult::Outcome::kCancelled;
  for (const store::PushItemRow& item : items_) ++result.counts[item.state];
  result.requests = client_.requests_sent() - requests_before;
  return result;
}

// ---- Work items ----------------------------------------------------------------------------

void Uploader::UploadWorkItems() {
  for (;;) {
    if (Cancelled()) return;
    std::vector<store::PushItemRow*> batch;
    std::set<std::string> in_batch;
    for (store::PushItemRow& item : items_) {
      if (!IsWorkItemKind(item.kind) || item.state != State::kPending) continue;
      if (item.kind == "test_case" && process_.test_case.name.empty()) {
        Finish(item, State::kSkipped, "the project has no Test Case type");
        continue;
      }
      if (store::PushItemRow* parent =
              item.parent_node_id.empty() ? nullptr : Row(item.parent_node_id)) {
        if (Unusable(parent->state)) {
          Finish(item, State::kBlocked,
                 "not sent: its " + KindWords(parent->kind) + " was not created");
          continue;
        }
        const bool parent_ready = parent->state == State::kCreated ||
                                  (!single_creates_ && in_batch.contains(parent->node_id));
        if (!parent_ready) continue;
      }
      batch.push_back(&item);
      in_batch.insert(item.node_id);
      if (single_creates_ || batch.size() >= settings_.batch_size) break;
    }
    Save();
    if (batch.empty()) return;
    if (single_creates_) {
      SendOne(*batch.front());
    } else if (!SendBatch(batch)) {
      spdlog::warn("push {}: $batch refused, creating items one by one", settings_.push_id);
      single_creates_ = true;
    }
    Save();
    Report();
  }
}

std::string Uploader::ParentRelationUrl(
    const store::PushItemRow& item,
    const std::map<std::string, std::int64_t>& temporary_ids) const {
  const auto index = index_.find(item.parent_node_id);
  const store::PushItemRow& parent = items_[index->second];
  if (parent.tracker_id) return client_.WorkItemUrl(*parent.tracker_id);
  return client_.WorkItemUrl(temporary_ids.at(parent.node_id));
}

nlohmann::json Uploader::WorkItemPatch(
    const store::PushItemRow& item,
    const std::map<std::string, std::int64_t>& temporary_ids) const {
  const PushNode& node = nodes_.at(item.node_id);
  const WorkItemType& type = *process_.For(item.kind);
  const ItemMarks marks{settings_.tag, settings_.node_url_prefix + item.node_id,
                        settings_.area_path, settings_.iteration_path};
  std::vector<Relation> relations;
  if (!item.parent_node_id.empty() && index_.contains(item.parent_node_id)) {
    relations.push_back({std::string(item.kind == "test_case" ? kTestsLink : kParentLink),
                         ParentRelationUrl(item, temporary_ids)});
  }
  std::optional<std::int64_t> temporary_id;
  if (const auto found = temporary_ids.find(item.node_id); found != temporary_ids.end()) {
    temporary_id = found->second;
  }
  return CreatePatch(node.text, type, process_.estimate_field, marks, temporary_id, relations);
}

bool Uploader::SendBatch(std::vector<store::PushItemRow*>& batch) {
  std::map<std::string, std::int64_t> temporary_ids;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    temporary_ids[batch[i]->node_id] = -static_cast<std::int64_t>(i + 1);
  }
  nlohmann::json body = nlohmann::json::array();
  for (const store::PushItemRow* item : batch) {
    body.push_back({{"method", "PATCH"},
                    {"uri", client_.ProjectPath() + "/_apis/wit/workitems/$" +
                                EncodeComponent(process_.For(item->kind)->name) +
                                "?api-version=" + client_.options().batch_api_version},
                    {"headers", {{"Content-Type", "application/json-patch+json"}}},
                    {"body", WorkItemPatch(*item, temporary_ids)}});
  }
  MarkSending(batch);
  const AdoReply reply = client_.Send("PATCH", "/_apis/wit/$batch", body, AdoClient::Effect::kWrite,
                                      client_.options().batch_api_version);
  switch (reply.outcome) {
    case AdoReply::Outcome::kCancelled:
      throw Stop{"cancelled"};  // still marked as being sent: the next run looks first
    case AdoReply::Outcome::kUnauthorized:
      for (store::PushItemRow* item : batch) Finish(*item, State::kPending, "");
      throw Stop{"Azure DevOps refused the personal access token (expired or revoked?)"};
    case AdoReply::Outcome::kUncertain:
      Reconcile();
      ResolveSending(batch, reply.message);
      return true;
    case AdoReply::Outcome::kRejected:
      if (reply.status == 429) {
        ResolveSending(batch, reply.message);
        return true;
      }
      // The batch endpoint refused the request as a whole: nothing was created.
      for (store::PushItemRow* item : batch) {
        --item->attempts;
        Finish(*item, State::kPending, "");
      }
      return false;
    case AdoReply::Outcome::kOk:
      break;
  }
  const nlohmann::json entries = reply.body.value("value", nlohmann::json::array());
  if (!entries.is_array() || entries.size() != batch.size()) {
    Reconcile();
    ResolveSending(batch, "Azure DevOps answered the batch in an unexpected shape");
    return true;
  }
  std::vector<std::pair<store::PushItemRow*, std::string>> refused;
  bool rolled_back = false;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const int code = entries[i].value("code", 0);
    const nlohmann::json entry_body = EntryBody(entries[i]);
    if (code == 200 && IdOf(entry_body) > 0) {
      const std::int64_t id = IdOf(entry_body);
      std::string url = entry_body.value("_links", nlohmann::json::object())
                            .value("html", nlohmann::json::object())
                            .value("href", "");
      Created(*batch[i], id, url.empty() ? client_.WorkItemWebUrl(id) : std::move(url));
      continue;
    }
    const std::string message = EntryMessage(entry_body, code);
    if (message.find("TF401321") != std::string::npos) {
      rolled_back = true;  // undone because another entry failed
    } else {
      refused.emplace_back(batch[i], message);
    }
  }
  if (refused.empty() && !rolled_back) return true;
  // A batch is all or nothing: make sure of what exists before sending the rest again.
  Reconcile();
  for (auto& [item, message] : refused) {
    if (item->state == State::kSending) Finish(*item, State::kFailed, message);
  }
  for (store::PushItemRow* item : batch) {
    if (item->state == State::kSending) {
      --item->attempts;  // not its fault
      Finish(*item, State::kPending, "");
    }
  }
  // Every entry rolled back and none named as the cause: creates one by one will find it.
  return !refused.empty();
}

void Uploader::SendOne(store::PushItemRow& item) {
  MarkSending({&item});
  const AdoReply reply = client_.Send("POST",
                                      client_.ProjectPath() + "/_apis/wit/workitems/$" +
                                          EncodeComponent(process_.For(item.kind)->name),
                                      WorkItemPatch(item, {}), AdoClient::Effect::kWrite, {},
                                      "application/json-patch+json");
  switch (reply.outcome) {
    case AdoReply::Outcome::kOk: {
      const std::int64_t id = IdOf(reply.body);
      std::string url = reply.body.value("_links", nlohmann::json::object())
                            .value("html", nlohmann::json::object())
                            .value("href", "");
      Created(item, id, url.empty() ? client_.WorkItemWebUrl(id) : std::move(url));
      return;
    }
    case AdoReply::Outcome::kRejected:
      if (reply.status == 429) {
        ResolveSending({&item}, reply.message);
      } else {
        Finish(item, State::kFailed, reply.message);
      }
      return;
    case AdoReply::Outcome::kUncertain:
      Reconcile();
      ResolveSending({&item}, reply.message);
      return;
    case AdoReply::Outcome::kUnauthorized:
      Finish(item, State::kPending, "");
      throw Stop{"Azure DevOps refused the personal access token (expired or revoked?)"};
    case AdoReply::Outcome::kCancelled:
      throw Stop{"cancelled"};
  }
}

void Uploader::Reconcile() {
  const std::string query =
      "SELECT [System.Id] FROM WorkItems WHERE [System.TeamProject] = @project AND "
      "[System.Tags] CONTAINS '" +
      settings_.tag + "'";
  AdoReply reply = client_.Send("POST", client_.ProjectPath() + "/_apis/wit/wiql",
                                {{"query", query}}, AdoClient::Effect::kRead);
  if (reply.outcome == AdoReply::Outcome::kCancelled) throw Stop{"cancelled"};
  if (!reply.ok()) {
    throw Stop{"could not check which items of the push exist in Azure DevOps (" + reply.message +
               "); nothing is sent again until that can be checked"};
  }
  std::vector<std::int64_t> ids;
  for (const auto& item : reply.body.value("workItems", nlohmann::json::array())) {
    if (const std::int64_t id = IdOf(item); id > 0) ids.push_back(id);
  }
  int adopted = 0;
  for (std::size_t start = 0; start < ids.size(); start += 200) {
    const std::vector<std::int64_t> chunk(
        ids.begin() + static_cast<std::ptrdiff_t>(start),
        ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), start + 200)));
    reply = client_.Send("POST", client_.ProjectPath() + "/_apis/wit/workitemsbatch",
                         {{"ids", chunk}, {"$expand", "relations"}, {"errorPolicy", "omit"}},
                         AdoClient::Effect::kRead);
    if (reply.outcome == AdoReply::Outcome::kCancelled) throw Stop{"cancelled"};
    if (!reply.ok()) {
      throw Stop{"could not read the push's items back from Azure DevOps (" + reply.message + ")"};
    }
    for (const auto& work_item : reply.body.value("value", nlohmann::json::array())) {
      const std::int64_t id = IdOf(work_item);
      if (id <= 0) continue;
      for (const auto& relation : work_item.value("relations", nlohmann::json::array())) {
        if (!relation.is_object() || relation.value("rel", "") != kHyperlink) continue;
        const auto node_id = NodeOfLink(relation.value("url", ""), settings_.node_url_prefix);
        store::PushItemRow* row = node_id ? Row(*node_id) : nullptr;
        if (row == nullptr) continue;
        if (row->state != State::kCreated) {
          Created(*row, id, client_.WorkItemWebUrl(id));
          ++adopted;
        } else if (row->tracker_id != id) {
          spdlog::warn("push {}: work items {} and {} both stand for node {}", settings_.push_id,
                       *row->tracker_id, id, *node_id);
        }
        break;
      }
    }
  }
  if (adopted > 0) {
    spdlog::info("push {}: adopted {} items Azure DevOps had created without an answer",
                 settings_.push_id, adopted);
  }
  Save();
}

void Uploader::ResolveSending(const std::vector<store::PushItemRow*>& items,
                              const std::string& error) {
  for (store::PushItemRow* item : items) {
    if (item->state == State::kSending) AfterUncertain(*item, error);
  }
}

// ---- Test plans and suites -----------------------------------------------------------------

void Uploader::UploadTestPlans() {
  for (int pass = 0; pass <= settings_.max_attempts && !Cancelled(); ++pass) {
    bool waiting = false;
    for (store::PushItemRow& item : items_) {
      if (Cancelled()) return;
      if (item.kind != "test_plan" && item.kind != "test_suite") continue;
      if (!test_plans_ && !Settled(item.state)) {
        Finish(item, State::kSkipped, "no Test Plans access with this token");
        continue;
      }
      if (item.kind == "test_plan") {
        if (item.state == State::kSending && !FindPlan(item)) {
          AfterUncertain(item, "the previous attempt got no answer");
        }
        if (item.state == State::kPending) CreatePlan(item);
        waiting = waiting || !Settled(item.state);
        continue;
      }
      store::PushItemRow* plan = item.parent_node_id.empty() ? nullptr : Row(item.parent_node_id);
      if (plan == nullptr) {
        if (!Settled(item.state)) Finish(item, State::kSkipped, "its feature has no test plan");
        continue;
      }
      if (!Settled(item.state) && Unusable(plan->state)) {
        Finish(item, State::kBlocked, "not sent: its test plan was not created");
        continue;
      }
      if (plan->state != State::kCreated) {
        waiting = true;
        continue;
      }
      const std::int64_t root = ParseDetail(plan->detail).value("root_suite", std::int64_t{0});
      if (item.state == State::kSending && !FindSuite(item, *plan->tracker_id, root)) {
        AfterUncertain(item, "the previous attempt got no answer");
      }
      if (item.state == State::kPending) CreateSuite(item);
      if (item.state == State::kCreated) AddSuiteMembers(item);
      if (item.state == State::kCreated) {
        const SuiteMembers members = MembersToAdd(item);
        waiting = waiting || members.waiting || !members.ids.empty();
      }
      waiting = waiting || !Settled(item.state);
    }
    Save();
    Report();
    if (!waiting) return;
  }
}

void Uploader::CreatePlan(store::PushItemRow& plan) {
  const PushNode& node = nodes_.at(plan.node_id);
  nlohmann::json body = {
      {"name", node.text.title},
      {"description",
       node.text.description_html + "<p>Uploaded by Agile Backlog Automation (" + settings_.tag +
           "): " + backlog::EscapeHtml(settings_.node_url_prefix + plan.node_id) + "</p>"}};
  if (!settings_.area_path.empty()) body["areaPath"] = settings_.area_path;
  if (!settings_.iteration_path.empty()) body["iteration"] = settings_.iteration_path;
  MarkSending({&plan});
  const AdoReply reply = client_.Send("POST", client_.ProjectPath() + "/_apis/testplan/plans", body,
                                      AdoClient::Effect::kWrite);
  switch (reply.outcome) {
    case AdoReply::Outcome::kOk: {
      nlohmann::json detail = ParseDetail(plan.detail);
      detail["root_suite"] =
          reply.body.value("rootSuite", nlohmann::json::object()).value("id", std::int64_t{0});
      plan.detail = detail.dump();
      const std::int64_t id = IdOf(reply.body);
      Created(plan, id,
              client_.connection().organization_url + client_.ProjectPath() +
                  "/_testPlans/define?planId=" + std::to_string(id));
      return;
    }
    case AdoReply::Outcome::kRejected:
      if (reply.status == 429) {
        ResolveSending({&plan}, reply.message);
      } else if (reply.status == 403) {
        Finish(plan, State::kSkipped, "no Test Plans access with this token");
      } else {
        Finish(plan, State::kFailed, reply.message);
      }
      return;
    case AdoReply::Outcome::kUncertain:
      if (!FindPlan(plan)) AfterUncertain(plan, reply.message);
      return;
    case AdoReply::Outcome::kUnauthorized:
      Finish(plan, State::kPending, "");
      throw Stop{"Azure DevOps refused the personal access token (expired or revoked?)"};
    case AdoReply::Outcome::kCancelled:
      throw Stop{"cancelled"};
  }
}

bool Uploader::FindPlan(store::PushItemRow& plan) {
  const std::string title = nodes_.at(plan.node_id).text.title;
  const AdoReply list = client_.Get(client_.ProjectPath() + "/_apis/testplan/plans");
  if (!list.ok()) {
    throw Stop{"could not check which test plans of the push exist (" + list.message + ")"};
  }
  for (const auto& candidate : list.body.value("value", nlohmann::json::array())) {
    if (!candidate.is_object() || candidate.value("name", "") != title) continue;
    const std::int64_t id = IdOf(candidate);
    const AdoReply full =
        client_.Get(client_.ProjectPath() + "/_apis/testplan/plans/" + std::to_string(id));
    const std::string description = full.ok() ? full.body.value("description", "") : "";
    if (description.find(settings_.tag) == std::string::npos ||
        description.find(plan.node_id) == std::string::npos) {
      continue;
    }
    nlohmann::json detail = ParseDetail(plan.detail);
    detail["root_suite"] =
        full.body.value("rootSuite", nlohmann::json::object()).value("id", std::int64_t{0});
    plan.detail = detail.dump();
    Created(plan, id,
            client_.connection().organization_url + client_.ProjectPath() +
                "/_testPlans/define?planId=" + std::to_string(id));
    return true;
  }
  return false;
}

void Uploader::CreateSuite(store::PushItemRow& suite) {
  const store::PushItemRow& plan = *Row(suite.parent_node_id);
  const std::int64_t plan_id = *plan.tracker_id;
  const std::int64_t root = ParseDetail(plan.detail).value("root_suite", std::int64_t{0});
  const nlohmann::json body = {{"suiteType", "staticTestSuite"},
                               {"name", nodes_.at(suite.node_id).text.title},
                               {"parentSuite", {{"id", root}}}};
  MarkSending({&suite});
  const AdoReply reply = client_.Send(
      "POST",
      client_.ProjectPath() + "/_apis/testplan/Plans/" + std::to_string(plan_id) + "/suites", body,
      AdoClient::Effect::kWrite);
  switch (reply.outcome) {
    case AdoReply::Outcome::kOk: {
      const std::int64_t id = IdOf(reply.body);
      Created(suite, id,
              client_.connection().organization_url + client_.ProjectPath() +
                  "/_testPlans/define?planId=" + std::to_string(plan_id) +
                  "&suiteId=" + std::to_string(id));
      return;
    }
    case AdoReply::Outcome::kRejected:
      if (reply.status == 429) {
        ResolveSending({&suite}, reply.message);
      } else {
        Finish(suite, State::kFailed, reply.message);
      }
      return;
    case AdoReply::Outcome::kUncertain:
      if (!FindSuite(suite, plan_id, root)) AfterUncertain(suite, reply.message);
      return;
    case AdoReply::Outcome::kUnauthorized:
      Finish(suite, State::kPending, "");
      throw Stop{"Azure DevOps refused the personal access token (expired or revoked?)"};
    case AdoReply::Outcome::kCancelled:
      throw Stop{"cancelled"};
  }
}

bool Uploader::FindSuite(store::PushItemRow& suite, std::int64_t plan_id, std::int64_t root_suite) {
  const AdoReply list = client_.Get(client_.ProjectPath() + "/_apis/testplan/Plans/" +
                                    std::to_string(plan_id) + "/suites");
  if (!list.ok()) {
    throw Stop{"could not check which test suites of the push exist (" + list.message + ")"};
  }
  std::set<std::int64_t> taken;
  for (const store::PushItemRow& item : items_) {
    if (item.kind == "test_suite" && item.tracker_id) taken.insert(*item.tracker_id);
  }
  const std::string name = nodes_.at(suite.node_id).text.title;
  for (const auto& candidate : list.body.value("value", nlohmann::json::array())) {
    if (!candidate.is_object() || candidate.value("name", "") != name) continue;
    const std::int64_t parent =
        candidate.value("parentSuite", nlohmann::json::object()).value("id", std::int64_t{0});
    const std::int64_t id = IdOf(candidate);
    if (parent != root_suite || taken.contains(id)) continue;
    Created(suite, id,
            client_.connection().organization_url + client_.ProjectPath() +
                "/_testPlans/define?planId=" + std::to_string(plan_id) +
                "&suiteId=" + std::to_string(id));
    return true;
  }
  return false;
}

Uploader::SuiteMembers Uploader::MembersToAdd(const store::PushItemRow& suite) {
  SuiteMembers members;
  std::set<std::int64_t> added;
  for (const auto& id : ParseDetail(suite.detail).value("members", nlohmann::json::array())) {
    if (id.is_number_integer()) added.insert(id.get<std::int64_t>());
  }
  for (const std::string& test_case : nodes_.at(suite.node_id).test_case_ids) {
    const store::PushItemRow* row = Row(test_case);
    if (row == nullptr) continue;
    if (row->state == State::kCreated && !added.contains(*row->tracker_id)) {
      members.ids.push_back(*row->tracker_id);
    } else if (!Settled(row->state)) {
      members.waiting = true;  // added once every test case of the story has settled
    }
  }
  return members;
}

void Uploader::AddSuiteMembers(store::PushItemRow& suite) {
  const SuiteMembers members = MembersToAdd(suite);
  if (members.waiting || members.ids.empty()) return;
  nlohmann::json body = nlohmann::json::array();
  for (const std::int64_t id : members.ids) body.push_back({{"workItem", {{"id", id}}}});
  const store::PushItemRow& plan = *Row(suite.parent_node_id);
  const AdoReply reply = client_.Send("POST",
                                      client_.ProjectPath() + "/_apis/testplan/Plans/" +
                                          std::to_string(*plan.tracker_id) + "/Suites/" +
                                          std::to_string(*suite.tracker_id) + "/TestCase",
                                      body, AdoClient::Effect::kWrite);
  if (reply.outcome == AdoReply::Outcome::kCancelled) throw Stop{"cancelled"};
  if (reply.outcome == AdoReply::Outcome::kUnauthorized) {
    throw Stop{"Azure DevOps refused the personal access token (expired or revoked?)"};
  }
  if (!reply.ok()) {
    // Adding the same test cases again is harmless: the next pass (or a retry) repeats it.
    suite.last_error = "its test cases were not added yet: " + reply.message;
    dirty_.push_back(suite.node_id);
    return;
  }
  nlohmann::json detail = ParseDetail(suite.detail);
  nlohmann::json added = detail.value("members", nlohmann::json::array());
  for (const std::int64_t id : members.ids) added.push_back(id);
  detail["members"] = std::move(added);
  suite.detail = detail.dump();
  suite.last_error.clear();
  dirty_.push_back(suite.node_id);
}

// ---- Outbox bookkeeping --------------------------------------------------------------------

void Uploader::MarkSending(const std::vector<store::PushItemRow*>& items) {
  for (store::PushItemRow* item : items) {
    item->state = State::kSending;
    ++item->attempts;
    dirty_.push_back(item->node_id);
  }
  // Durable before the request leaves: a crash after this point leaves them to be looked up.
  Save();
}

void Uploader::Created(store::PushItemRow& item, std::int64_t id, std::string url) {
  item.state = State::kCreated;
  item.tracker_id = id;
  item.tracker_url = std::move(url);
  item.last_error.clear();
  dirty_.push_back(item.node_id);
  finished_.push_back(
      {item.node_id, item.kind,
       nodes_.contains(item.node_id) ? nodes_.at(item.node_id).text.title : std::string(),
       item.state, item.tracker_id, item.tracker_url, ""});
}

void Uploader::Finish(store::PushItemRow& item, State state, std::string error) {
  item.state = state;
  item.last_error = std::move(error);
  dirty_.push_back(item.node_id);
  if (Settled(state)) {
    finished_.push_back(
        {item.node_id, item.kind,
         nodes_.contains(item.node_id) ? nodes_.at(item.node_id).text.title : std::string(),
         item.state, item.tracker_id, item.tracker_url, item.last_error});
  }
}

void Uploader::AfterUncertain(store::PushItemRow& item, const std::string& error) {
  if (item.attempts >= settings_.max_attempts) {
    Finish(item, State::kFailed,
           "gave up after " + std::to_string(item.attempts) + " attempts: " + error);
  } else {
    Finish(item, State::kPending, error);
  }
}

void Uploader::Save() {
  if (dirty_.empty()) return;
  std::set<std::string> seen;
  std::vector<store::PushItemRow> rows;
  for (const std::string& node_id : dirty_) {
    if (seen.insert(node_id).second) rows.push_back(*Row(node_id));
  }
  store_.SaveItems(settings_.push_id, rows, now_());
  dirty_.clear();
}

void Uploader::Report() {
  if (!progress_) {
    finished_.clear();
    return;
  }
  std::map<State, int> counts;
  for (const store::PushItemRow& item : items_) ++counts[item.state];
  progress_(finished_, counts);
  finished_.clear();
}

}  // namespace tracker
