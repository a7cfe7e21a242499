#include "api/auth_api.hpp"

#include <nlohmann/json.hpp>

#include "api/auth_errors.hpp"
#include "api/caller.hpp"
#include "api/json_body.hpp"
#include "auth/constant_time.hpp"
#include "http/cookies.hpp"

namespace api::auth_api {
namespace {

constexpr std::size_t kMaxPasswordBytes = 1024;

http::Response Envelope(int status, std::string_view message, nlohmann::json data) {
  const nlohmann::json body = {{"success", true}, {"message", message}, {"data", std::move(data)}};
  return http::Response::Json(status, body.dump());
}

nlohmann::json UserJson(const store::UserRecord& user) {
  return {{"id", user.id},
          {"username", user.username},
          {"email", user.email},
          {"full_name", user.full_name},
          {"created_at", user.created_at}};
}

nlohmann::json TokensJson(const auth::IssuedTokens& tokens) {
  return {{"access_token", tokens.access_token},
          {"token_type", "bearer"},
          {"expires_in", tokens.expires_in}};
}

void SetSessionCookies(http::Response& response, const CookiePolicy& policy,
                       const auth::IssuedTokens& tokens, std::int64_t now) {
  http::CookieAttributes access{"/", tokens.access_expires_at - now, true, policy.secure, "Lax"};
  response.headers.Add("Set-Cookie",
                       http::SetCookieValue(policy.access_name, tokens.access_token, access));
  if (!tokens.refresh_token.empty()) {
    // Sent only to /api/auth, where refresh and logout live.
    http::CookieAttributes refresh{"/api/auth", tokens.refresh_expires_at - now, true,
                                   policy.secure, "Lax"};
    response.headers.Add("Set-Cookie",
                         http::SetCookieValue(policy.refresh_name, tokens.refresh_token, refresh));
  }
  // Readable by the page, which echoes it in X-CSRF-Token; lives as long as the session may.
  const std::int64_t csrf_age = tokens.refresh_expires_at > now ? tokens.refresh_expires_at - now
                                                                : tokens.access_expires_at - now;
  http::CookieAttributes csrf{"/", csrf_age, false, policy.secure, "Lax"};
  response.headers.Add("Set-Cookie",
                       http::SetCookieValue(policy.csrf_name, tokens.csrf_token, csrf));
}

void ClearSessionCookies(http::Response& response, const CookiePolicy& policy) {
  response.headers.Add("Set-Cookie", http::SetCookieValue(policy.access_name, "",
                                                          {"/", 0, true, policy.secure, "Lax"}));
  response.headers.Add(
      "Set-Cookie",
      http::SetCookieValue(policy.refresh_name, "", {"/api/auth", 0, true, policy.secure, "Lax"}));
  response.headers.Add("Set-Cookie", http::SetCookieValue(policy.csrf_name, "",
                                                          {"/", 0, false, policy.secure, "Lax"}));
}

std::int64_t Now() { return auth::SystemClockSeconds(); }

http::Response SignedInResponse(const Services& services, std::string_view message,
                                const auth::SignedIn& signed_in) {
  http::Response response = Envelope(
      200, message, {{"user", UserJson(signed_in.user)}, {"tokens", TokensJson(signed_in.tokens)}});
  SetSessionCookies(response, services.cookies, signed_in.tokens, Now());
  return response;
}

// Endpoints that act on the refresh cookie are open to CSRF: the page must echo the csrf_token
// cookie in X-CSRF-Token (double submit; another site can neither read nor set it).
void RequireDoubleSubmit(const Services& services, const http::Request& request) {
  const auto cookie = http::FindCookie(request.headers, services.cookies.csrf_name);
  const auto header = request.headers.Find("X-CSRF-Token");
  if (!cookie || cookie->empty() || !header || !auth::ConstantTimeEquals(*header, *cookie)) {
    throw http::ApiError(403, "csrf_failed", "Forbidden",
                         "Send the csrf_token cookie's value in the X-CSRF-Token header.");
  }
}

// Runs a handler body, turning the auth service's errors into their HTTP answers.
template <typename Work>
http::Response Guarded(Work&& work) {
  try {
    return work();
  } catch (const auth::AuthError& error) {
    http::ApiError api_error = ToApiError(error);
    http::Response response = http::ProblemResponse(api_error);
    if (error.kind() == auth::AuthErrorKind::kRateLimited && error.rate.limit > 0) {
      AddRateLimitHeaders(response.headers, error.rate_policy, error.rate_window, error.rate);
    }
    return response;
  }
}

}  // namespace

http::Handler Register(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const nlohmann::json body = JsonObjectBody(request);
      auth::NewAccount account{RequiredString(body, "username", 256),
                               RequiredString(body, "email", 512),
                               RequiredString(body, "password", kMaxPasswordBytes),
                               OptionalString(body, "full_name", 512).value_or(""), "user"};
      const auth::SignedIn signed_in = services.auth.Register(account, ClientOf(request));
      return SignedInResponse(services, "User registered successfully", signed_in);
    });
  };
}

http::Handler Login(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const nlohmann::json body = JsonObjectBody(request);
      const std::string username = RequiredString(body, "username", 1024);
      const std::string password = RequiredString(body, "password", kMaxPasswordBytes);
      const auth::SignedIn signed_in = services.auth.Login(username, password, ClientOf(request));
      return SignedInResponse(services, "Login successful", signed_in);
    });
  };
}

http::Handler Refresh(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const auto refresh_token = http::FindCookie(request.headers, services.cookies.refresh_name);
      if (!refresh_token || refresh_token->empty()) {
        throw auth::AuthError(auth::AuthErrorKind::kUnauthenticated,
                              "No refresh token: sign in again.");
      }
      RequireDoubleSubmit(services, request);
      const auth::IssuedTokens tokens = services.auth.Refresh(*refresh_token, ClientOf(request));
      http::Response response =
          Envelope(200, "Token refreshed successfully", {{"tokens", TokensJson(tokens)}});
      SetSessionCookies(response, services.cookies, tokens, Now());
      return response;
    });
  };
}

http::Handler Logout(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const auto refresh_token = http::FindCookie(request.headers, services.cookies.refresh_name);
      const bool via_cookie = !request.principal || request.principal->via_cookie;
      const bool has_cookie_session = refresh_token && !refresh_token->empty();
      if (via_cookie && (has_cookie_session || request.principal)) {
        RequireDoubleSubmit(services, request);
      }
      std::optional<auth::Identity> identity;
      if (request.principal) identity = IdentityOf(request);
      services.auth.Logout(identity, refresh_token.value_or(""), ClientOf(request));
      http::Response response = Envelope(200, "Logged out successfully", nullptr);
      ClearSessionCookies(response, services.cookies);
      return response;
    });
  };
}

http::Handler Me(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const auto user = services.auth.User(request.principal->user_id);
      if (!user) throw auth::AuthError(auth::AuthErrorKind::kUnauthenticated, "Sign in again.");
      nlohmann::json data = UserJson(*user);
      data["role"] = user->role;
      data["is_active"] = user->is_active;
      return Envelope(200, "Current user", data);
    });
  };
}

http::Handler Verify(const Services&) {
  return [](const http::Request& request) {
    const http::Principal& principal = *request.principal;
    return Envelope(200, "Token is valid",
                    {{"valid", true},
                     {"user_id", principal.user_id},
                     {"username", principal.username},
                     {"role", principal.role},
                     {"expires_at", principal.token_expires_at}});
  };
}

http::Handler ChangePassword(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const nlohmann::json body = JsonObjectBody(request);
      const std::string current = RequiredString(body, "current_password", kMaxPasswordBytes);
      const std::string next = RequiredString(body, "new_password", kMaxPasswordBytes);
      const auth::SignedIn signed_in =
          services.auth.ChangePassword(IdentityOf(request), current, next, ClientOf(request));
      return SignedInResponse(services, "Password changed; other sessions were signed out",
                              signed_in);
    });
  };
}

http::Handler ListSessions(const Services& services) {
  return [&services](const http::Request& request) {
    const auth::Identity identity = IdentityOf(request);
    nlohmann::json sessions = nlohmann::json::array();
    for (const auto& session : services.auth.Sessions(identity)) {
      sessions.push_back({{"id", session.id},
                          {"created_at", session.created_at},
                          {"last_used_at", session.last_used_at},
                          {"expires_at", session.expires_at},
                          {"user_agent", session.user_agent},
                          {"ip_address", session.ip_address},
                          {"current", session.id == identity.session_id}});
    }
    return Envelope(200, "Active sessions", {{"sessions", sessions}});
  };
}

http::Handler EndSession(const Services& services) {
  return [&services](const http::Request& request) {
    const std::string session_id(request.PathParam("id"));
    if (!services.auth.RevokeSession(IdentityOf(request), session_id, ClientOf(request))) {
      throw http::NotFoundError("No such active session.");
    }
    return Envelope(200, "Session ended", nullptr);
  };
}

http::Handler InvalidateAllTokens(const Services& services) {
  return [&services](const http::Request& request) {
    return Guarded([&] {
      const nlohmann::json body = JsonObjectBody(request);
      const auth::Identity actor = IdentityOf(request);
      std::int64_t user_id = actor.user_id;
      if (const auto it = body.find("user_id"); it != body.end() && !it->is_null()) {
        if (it->is_number_integer()) {
          user_id = it->get<std::int64_t>();
        } else if (it->is_string()) {
          const std::string name = it->get<std::string>();
          const auto found = services.auth.FindUserId(name);
          // Only admins learn whether a name exists.
          if (!found && actor.is_admin()) throw http::NotFoundError("No such user.");
          if (!found) {
            throw auth::AuthError(auth::AuthErrorKind::kForbidden,
                                  "You may invalidate only your own tokens.");
          }
          user_id = *found;
        } else {
          throw http::ApiError(422, "validation_failed", "Unprocessable Content",
                               "user_id must be a user id or a user name.")
              .WithFieldError("user_id", "Must be a number or a string.");
        }
      }
      services.auth.InvalidateAllTokens(actor, user_id, ClientOf(request));
      http::Response response = Envelope(200, "All tokens invalidated", {{"user_id", user_id}});
      if (user_id == actor.user_id) ClearSessionCookies(response, services.cookies);
      return response;
    });
  };
}

}  // namespace api::auth_api
