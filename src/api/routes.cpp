#include "api/routes.hpp"

#include "api/admin_api.hpp"
#include "api/auth_api.hpp"
#include "api/backlog_api.hpp"
#include "api/jobs_api.hpp"
#include "api/notifications_api.hpp"
#include "api/openapi.hpp"
#include "api/ops.hpp"
#include "api/projects_api.hpp"
#include "api/settings_api.hpp"
#include "api/tracker_api.hpp"
#include "api/vision_api.hpp"

namespace api {

std::vector<http::Route> BuildRoutes(const Services& services) {
  using http::Access;
  using http::Execution;
  using http::Method;
  using http::RateLimited;
  constexpr bool kReadOnly = false;
  constexpr bool kMutates = true;

  std::vector<http::Route> routes = {
      // Operations. Health is inline although it queries SQLite: a WAL read never waits for
      // writers, and the pool has a connection for every thread, so it cannot block an I/O thread.
      {Method::kGet, "/api/health", ops::Health(services), Access::kPublic, kReadOnly,
       Execution::kInline, "Liveness and database check; 503 names the failed check",
       RateLimited::kNo},
      {Method::kGet, "/api/build-version", ops::BuildVersion(services), Access::kPublic, kReadOnly,
       Execution::kInline, "Version, git commit and build time of this build", RateLimited::kNo},
      {Method::kGet, "/metrics", ops::Metrics(services), Access::kPublic, kReadOnly,
       Execution::kInline, "Prometheus metrics: requests, latency, in-flight, memory",
       RateLimited::kNo},

      // Accounts and tokens. Routes that hash passwords run on pools of their own.
      {Method::kPost, "/api/auth/register", auth_api::Register(services), Access::kPublic, kMutates,
       Execution::kIsolated, "Create an account and sign in (if registration is open)",
       RateLimited::kYes, std::string(kRegistrationPool)},
      {Method::kPost, "/api/auth/login", auth_api::Login(services), Access::kPublic, kMutates,
       Execution::kIsolated, "Sign in: tokens in the body and in httpOnly cookies",
       RateLimited::kYes, std::string(kSignInPool)},
      {Method::kPost, "/api/auth/logout", auth_api::Logout(services), Access::kPublic, kMutates,
       Execution::kWorker, "Sign out: revoke the access token and this device's session"},
      {Method::kPost, "/api/auth/refresh", auth_api::Refresh(services), Access::kPublic, kMutates,
       Execution::kWorker, "Rotate the refresh cookie and issue a new access token"},
      {Method::kGet, "/api/auth/me", auth_api::Me(services), Access::kUser, kReadOnly,
       Execution::kWorker, "The signed-in user"},
      {Method::kGet, "/api/auth/verify", auth_api::Verify(services), Access::kUser, kReadOnly,
       Execution::kInline, "Whether the presented access token is valid"},
      {Method::kPost, "/api/auth/verify", auth_api::Verify(services), Access::kUser, kReadOnly,
       Execution::kInline, "Whether the presented access token is valid (original clients' verb)"},
      {Method::kPost, "/api/auth/change-password", auth_api::ChangePassword(services),
       Access::kUser, kMutates, Execution::kIsolated,
       "Change the password; every session ends and this device signs in again", RateLimited::kYes,
       std::string(kSignInPool)},
      {Method::kGet, "/api/auth/sessions", auth_api::ListSessions(services), Access::kUser,
       kReadOnly, Execution::kWorker, "The signed-in user's active device sessions"},
      {Method::kDelete, "/api/auth/sessions/{id}", auth_api::EndSession(services), Access::kUser,
       kMutates, Execution::kWorker, "End one of the user's sessions"},
      {Method::kPost, "/api/auth/invalidate-all-tokens", auth_api::InvalidateAllTokens(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Invalidate every token of {\"user_id\"}: any user for an admin, yourself otherwise"},

      // Settings.
      {Method::kGet, "/api/settings/llm", settings_api::GetLlmSettings(services), Access::kUser,
       kReadOnly, Execution::kWorker,
       "The user's model choices, the effective model per agent, and which keys are set"},
      {Method::kPut, "/api/settings/llm", settings_api::PutLlmSettings(services), Access::kUser,
       kMutates, Execution::kWorker,
       "Save model choices and provider keys (keys are encrypted and never returned)"},

      // Projects and their backlogs. Every route is owner-scoped: another user's project, node
      // or job answers 404, exactly like a missing one.
      {Method::kGet, "/api/domains", projects_api::ListDomains(services), Access::kUser, kReadOnly,
       Execution::kInline, "The 31 industry domains a project can be tagged with"},
      {Method::kGet, "/api/settings/limits", projects_api::GetLimits(services), Access::kUser,
       kReadOnly, Execution::kWorker, "The user's default work-item limits for new projects"},
      {Method::kPut, "/api/settings/limits", projects_api::PutLimits(services), Access::kUser,
       kMutates, Execution::kWorker, "Save the user's default work-item limits"},
      {Method::kPost, "/api/projects", projects_api::CreateProject(services), Access::kUser,
       kMutates, Execution::kWorker,
       "Create a project: name, domains (1-3), vision, target users, limits"},
      {Method::kGet, "/api/projects", projects_api::ListProjects(services), Access::kUser,
       kReadOnly, Execution::kWorker, "The user's projects, newest first (?page=&limit=)"},
      {Method::kGet, "/api/projects/{id}", projects_api::GetProject(services), Access::kUser,
       kReadOnly, Execution::kWorker, "One project, with the id of its running job if any"},
      {Method::kPatch, "/api/projects/{id}", projects_api::UpdateProject(services), Access::kUser,
       kMutates, Execution::kWorker, "Change a project's fields"},
      {Method::kDelete, "/api/projects/{id}", projects_api::DeleteProject(services), Access::kUser,
       kMutates, Execution::kWorker, "Delete a project, its backlog and its jobs"},
      {Method::kPost, "/api/vision/quality-check", vision_api::QualityCheck(services),
       Access::kUser, kReadOnly, Execution::kWorker,
       "Review a vision: score, strengths, gaps, suggestions (one LLM call)"},
      {Method::kPost, "/api/vision/optimize", vision_api::Optimize(services), Access::kUser,
       kMutates, Execution::kWorker,
       "Start a job that rewrites a vision to close its gaps; the result holds both scores"},

      // Generation jobs.
      {Method::kPost, "/api/projects/{id}/jobs", jobs_api::StartGeneration(services), Access::kUser,
       kMutates, Execution::kWorker,
       "Generate the project's backlog (202 with the job; {\"replace\": true} replaces one)"},
      {Method::kGet, "/api/projects/{id}/jobs", jobs_api::ListProjectJobs(services), Access::kUser,
       kReadOnly, Execution::kWorker, "The project's jobs, newest first"},
      {Method::kGet, "/api/jobs/{id}", jobs_api::GetJob(services), Access::kUser, kReadOnly,
       Execution::kWorker, "A job: state, progress per level, tokens, cost, ETA, result"},
      {Method::kPost, "/api/jobs/{id}/cancel", jobs_api::CancelJob(services), Access::kUser,
       kMutates, Execution::kWorker, "Cancel a job; in-flight calls stop within seconds"},
      {Method::kGet, "/api/jobs/{id}/events", jobs_api::JobEvents(services), Access::kUser,
       kReadOnly, Execution::kWorker,
       "The job's events as Server-Sent Events; resumes after Last-Event-ID; ends after the "
       "final event"},

      // The backlog.
      {Method::kGet, "/api/projects/{id}/backlog", backlog_api::GetBacklog(services), Access::kUser,
       kReadOnly, Execution::kWorker,
       "The backlog tree with every node's quality score and findings"},
      {Method::kGet, "/api/projects/{id}/export", backlog_api::Export(services), Access::kUser,
       kReadOnly, Execution::kWorker,
       "Download the backlog: ?format=json|yaml|markdown|ado-csv|jira-csv"},
      {Method::kPatch, "/api/nodes/{id}", backlog_api::PatchNode(services), Access::kUser, kMutates,
       Execution::kWorker, "Edit a node's fields; its quality is checked again"},
      {Method::kDelete, "/api/nodes/{id}", backlog_api::DeleteNode(services), Access::kUser,
       kMutates, Execution::kWorker, "Delete a node and everything under it"},
      {Method::kPost, "/api/nodes/{id}/regenerate", backlog_api::RegenerateNode(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Regenerate a node (a job): {\"with_children\": bool, \"instructions\": text}"},

      // The tracker (Azure DevOps): connections and pushes. The PAT is write-only.
      {Method::kGet, "/api/settings/tracker", tracker_api::GetUserSettings(services), Access::kUser,
       kReadOnly, Execution::kWorker,
       "The user's Azure DevOps connection (the PAT shown only as set) and the server default"},
      {Method::kPut, "/api/settings/tracker", tracker_api::PutUserSettings(services), Access::kUser,
       kMutates, Execution::kWorker,
       "Save the user's connection: organization_url, project, area_path, iteration_path, pat "
       "(encrypted; \"\" clears it)"},
      {Method::kGet, "/api/projects/{id}/tracker", tracker_api::GetProjectSettings(services),
       Access::kUser, kReadOnly, Execution::kWorker,
       "The project's own connection, if any, and the one its pushes use"},
      {Method::kPut, "/api/projects/{id}/tracker", tracker_api::PutProjectSettings(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Override the connection for this project (same fields as the user's)"},
      {Method::kDelete, "/api/projects/{id}/tracker", tracker_api::DeleteProjectSettings(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Remove the project's override: its pushes use the user's connection again"},
      {Method::kPost, "/api/tracker/azure-devops/test", tracker_api::TestConnection(services),
       Access::kUser, kReadOnly, Execution::kWorker,
       "Check a connection (saved, or with unsaved fields): PAT, project, process mapping, Test "
       "Plans access, paths; {\"create_missing_paths\": true} creates missing paths"},
      {Method::kPost, "/api/projects/{id}/push", tracker_api::StartPush(services), Access::kUser,
       kMutates, Execution::kWorker,
       "Upload the backlog to Azure DevOps (a job, 202): every item exactly once, parents first"},
      {Method::kPost, "/api/projects/{id}/push/retry", tracker_api::RetryPush(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Send the failed and blocked items of the project's last push again (a job, 202)"},
      {Method::kGet, "/api/projects/{id}/pushes", tracker_api::ListPushes(services), Access::kUser,
       kReadOnly, Execution::kWorker, "The project's pushes, newest first, with counts per state"},
      {Method::kGet, "/api/projects/{id}/pushes/{push_id}", tracker_api::GetPush(services),
       Access::kUser, kReadOnly, Execution::kWorker,
       "One push: each item's state, error and link to its work item"},
      {Method::kDelete, "/api/projects/{id}/pushes/{push_id}", tracker_api::CleanUpPush(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Remove what a push created (a job, 202; {\"confirm\": push id}): work items to the "
       "recycle bin, test plans, suites and cases deleted for good"},

      // Administration.
      {Method::kGet, "/api/admin/users", admin_api::ListUsers(services), Access::kAdmin, kReadOnly,
       Execution::kWorker, "Users with their role, state and lock"},
      {Method::kPost, "/api/admin/users/{id}/unlock", admin_api::UnlockUser(services),
       Access::kAdmin, kMutates, Execution::kWorker, "Lift a sign-in lockout"},
      {Method::kPost, "/api/admin/users/{id}/disable", admin_api::DisableUser(services),
       Access::kAdmin, kMutates, Execution::kWorker, "Disable a user and end their sessions"},
      {Method::kPost, "/api/admin/users/{id}/enable", admin_api::EnableUser(services),
       Access::kAdmin, kMutates, Execution::kWorker, "Enable a disabled user"},
      {Method::kGet, "/api/admin/notifications", notifications_api::ListDeliveries(services),
       Access::kAdmin, kReadOnly, Execution::kWorker,
       "Notification deliveries, newest first (?state=failed|unknown|pending|...&limit=)"},
      {Method::kPost, "/api/admin/notifications/{id}/retry", notifications_api::SendAgain(services),
       Access::kAdmin, kMutates, Execution::kWorker,
       "Send a failed delivery, or one whose outcome is unknown, again"},

      // Notifications: what the user hears of, and where. Webhook URLs are write-only.
      {Method::kGet, "/api/settings/notifications", notifications_api::GetSettings(services),
       Access::kUser, kReadOnly, Execution::kWorker,
       "The user's notification switches and whether a webhook is set"},
      {Method::kPut, "/api/settings/notifications", notifications_api::PutSettings(services),
       Access::kUser, kMutates, Execution::kWorker,
       "Save switches (email, webhook, job_completed, job_failed: bool) and webhook_url "
       "(encrypted; \"\" removes it)"},
      {Method::kGet, "/api/projects/{id}/notifications",
       notifications_api::GetProjectSettings(services), Access::kUser, kReadOnly,
       Execution::kWorker, "Whether the project has its own webhook"},
      {Method::kPut, "/api/projects/{id}/notifications",
       notifications_api::PutProjectSettings(services), Access::kUser, kMutates, Execution::kWorker,
       "Set the project's webhook (e.g. its team's Teams channel): {\"webhook_url\": url or \"\"}"},
  };
  // The API description is generated from the rows above, so it cannot drift from them.
  routes.push_back({Method::kGet, "/api/openapi.json", OpenApiDocument(routes, services.build),
                    Access::kPublic, kReadOnly, Execution::kInline,
                    "This API's OpenAPI 3.1 description", RateLimited::kNo});
  return routes;
}

}  // namespace api
