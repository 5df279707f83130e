// Login (local users and LDAP), logout, and session creation.
#include <chrono>

#include "core/time.h"
#include "server/auth/csrf.h"
#include "server/auth/headers.h"
#include "server/auth/token.h"
#include "server/handlers.h"

namespace vs::server {
namespace {

// Before login there is no session to bind a CSRF token to: a short-lived pre-session cookie
// carries the secret (double submit), which stops login CSRF.
constexpr std::string_view kPreCookie = "vs_login";

auth::CookieOptions CookieOpts(const Ctx& ctx, std::optional<std::chrono::seconds> max_age) {
  auth::CookieOptions o;
  o.secure = auth::WantSecureCookies(ctx.https, ctx.app.options().behind_proxy) || ctx.https;
  o.max_age = max_age;
  return o;
}

bool SecureCookies(const Ctx& ctx) {
  return auth::WantSecureCookies(ctx.https, ctx.app.options().behind_proxy) || ctx.https;
}

void ShowLogin(Ctx& ctx, int status, const std::string& error) {
  std::string secret = auth::NewCsrfSecret();
  if (auto c = auth::BuildSetCookie(kPreCookie, secret, CookieOpts(ctx, std::chrono::seconds(900))))
    ctx.res.set_header("Set-Cookie", *c);
  mstch::map data{{"error", error},
                  {"next", ctx.Param("next")},
                  {"login_csrf", auth::MaskCsrfToken(secret).value_or("")}};
  ctx.Html(status, RenderPage(ctx, "login", "Sign in", data));
}

}  // namespace

void LoginPage(Ctx& ctx) {
  if (!ctx.who.name.empty())
    return ctx.Redirect(ctx.Param("next").empty() ? "/" : ctx.Param("next"));
  ShowLogin(ctx, 200, "");
}

void LoginPost(Ctx& ctx) {
  std::string cookie = ctx.req.get_header_value("Cookie");
  std::optional<std::string_view> pre = auth::FindCookie(cookie, kPreCookie);
  if (!pre || !auth::VerifyCsrfToken(*pre, ctx.Param("csrf_token"))) {
    return ShowLogin(ctx, 403, "Your sign-in form expired. Please try again.");
  }
  std::string user = ctx.Param("username");
  std::string password = ctx.Param("password");
  auth::LoginThrottle::Decision d = ctx.app.throttle().Check(user, ctx.client);
  if (!d.allowed) {
    ctx.res.set_header("Retry-After", std::to_string(d.retry_after.count()));
    ctx.Audit("login_throttled", user);
    return ShowLogin(ctx, 429, "Too many failed sign-ins. Try again later.");
  }
  if (user.empty() || password.empty()) {
    return ShowLogin(ctx, 401, "Invalid user name or password.");
  }
  Result<auth::Identity> id = ctx.app.Authenticate(user, password);
  if (!id) {
    if (id.error().code == ErrorCode::kAuth || id.error().code == ErrorCode::kNotFound ||
        id.error().code == ErrorCode::kInvalidInput) {
      ctx.app.throttle().RecordFailure(user, ctx.client);
      ctx.who.name = user;
      ctx.Audit("login_failed", id.error().message);
      ctx.who.name.clear();
      // One message whatever the reason: do not tell which user names exist.
      return ShowLogin(ctx, 401, "Invalid user name or password.");
    }
    ctx.Audit("login_error", id.error().message);
    return ShowLogin(ctx, 503, "Sign-in is unavailable right now.");
  }
  ctx.app.throttle().RecordSuccess(user, ctx.client);
  // A fresh session id at every login (no fixation); the old one, if any, ends.
  if (!ctx.who.session_hash.empty()) (void)ctx.store.DeleteSession(ctx.who.session_hash);
  std::string sid = auth::NewToken();
  std::string now = NowRfc3339();
  store::Session s{auth::HashToken(sid),
                   id->name,
                   std::string(auth::RoleName(id->role)),
                   id->team,
                   auth::NewCsrfSecret(),
                   now,
                   now};
  if (Status st = ctx.store.CreateSession(s); !st) return ctx.Error(500, "cannot create session");
  // Clean expired sessions now and then (every login is often enough).
  const auto& o = ctx.app.options();
  auto now_s = std::chrono::system_clock::now();
  (void)ctx.store.ExpireSessions(Rfc3339Before(now_s, o.session_idle),
                                 Rfc3339Before(now_s, o.session_absolute));
  if (auto c = auth::BuildSetCookie(auth::SessionCookieName(SecureCookies(ctx)), sid,
                                    CookieOpts(ctx, std::nullopt)))
    ctx.res.set_header("Set-Cookie", *c);
  ctx.who.name = id->name;
  ctx.Audit("login", std::string(auth::RoleName(id->role)) +
                         (id->dn.empty() ? " (local)" : " (ldap " + id->dn + ")"));
  std::string next = ctx.Param("next");
  ctx.Redirect(next.empty() ? "/" : next);
}

void LogoutPost(Ctx& ctx) {
  if (!ctx.who.session_hash.empty()) (void)ctx.store.DeleteSession(ctx.who.session_hash);
  if (auto c = auth::BuildClearCookie(auth::SessionCookieName(SecureCookies(ctx)),
                                      CookieOpts(ctx, std::nullopt)))
    ctx.res.set_header("Set-Cookie", *c);
  ctx.Audit("logout", "");
  ctx.Redirect("/login");
}

}  // namespace vs::server
