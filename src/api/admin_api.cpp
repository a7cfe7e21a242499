#include "api/admin_api.hpp"

#include <charconv>
#include <nlohmann/json.hpp>

#include "api/caller.hpp"
#include "api/request_fields.hpp"
#include "http/api_error.hpp"

namespace api::admin_api {
namespace {

std::int64_t UserIdParam(const http::Request& request) {
  const std::string_view text = request.PathParam("id");
  std::int64_t id = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc{} || end != text.data() + text.size() || id <= 0) {
    throw http::NotFoundError("No such user.");
  }
  return id;
}

http::Response Done(std::string_view message, std::int64_t user_id) {
  const nlohmann::json body = {
      {"success", true}, {"message", message}, {"data", {{"user_id", user_id}}}};
  return http::Response::Json(200, body.dump());
}

}  // namespace

http::Handler ListUsers(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t limit = QueryNumber(request, "limit", 50, 0, 200);
    const std::int64_t offset = QueryNumber(request, "offset", 0, 0, 1'000'000'000);
    nlohmann::json users = nlohmann::json::array();
    for (const auto& [user, locked_until] : services.auth.ListUsers(limit, offset)) {
      users.push_back({{"id", user.id},
                       {"username", user.username},
                       {"email", user.email},
                       {"full_name", user.full_name},
                       {"role", user.role},
                       {"is_active", user.is_active},
                       {"created_at", user.created_at},
                       {"locked", locked_until.has_value()},
                       {"locked_until", locked_until ? nlohmann::json(*locked_until) : nullptr}});
    }
    const nlohmann::json body = {{"success", true},
                                 {"message", "Users"},
                                 {"data",
                                  {{"users", users},
                                   {"total", services.auth.CountUsers()},
                                   {"limit", limit},
                                   {"offset", offset}}}};
    return http::Response::Json(200, body.dump());
  };
}

http::Handler UnlockUser(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t id = UserIdParam(request);
    services.auth.Unlock(IdentityOf(request), id, ClientOf(request));
    return Done("User unlocked", id);
  };
}

http::Handler DisableUser(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t id = UserIdParam(request);
    services.auth.SetActive(IdentityOf(request), id, false, ClientOf(request));
    return Done("User disabled; every session ended", id);
  };
}

http::Handler EnableUser(const Services& services) {
  return [&services](const http::Request& request) {
    const std::int64_t id = UserIdParam(request);
    services.auth.SetActive(IdentityOf(request), id, true, ClientOf(request));
    return Done("User enabled", id);
  };
}

}  // namespace api::admin_api
