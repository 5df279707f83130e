#include "server/routes.h"

#include <chrono>
#include <cstdio>

#include "core/time.h"
#include "server/auth/csrf.h"
#include "server/auth/headers.h"
#include "server/auth/token.h"
#include "server/handlers.h"

namespace vs::server {
namespace {

constexpr Route kRoutes[] = {
    {"GET", "/login", Access::kPublic, LoginPage, "login"},
    {"POST", "/login", Access::kPublic, LoginPost, "login"},
    {"POST", "/logout", Access::kUser, LogoutPost, "logout"},
    {"GET", "/healthz", Access::kPublic, Healthz, "healthz"},
    {"GET", "/static/app.css", Access::kPublic, StaticCss, "static"},
    {"GET", "/metrics", Access::kUser, Metrics, "metrics"},

    {"GET", "/", Access::kUser, OverviewPage, "overview"},
    {"GET", "/findings", Access::kUser, FindingsPage, "findings"},
    {"GET", R"(/findings\.(csv|json))", Access::kUser, FindingsExport, "export"},
    {"GET", R"(/vulnerabilities/(.+))", Access::kUser, VulnerabilityPage, "vulnerability"},
    {"GET", "/assets", Access::kUser, AssetsPage, "assets"},
    {"GET", R"(/assets/(\d+))", Access::kUser, AssetPage, "asset"},
    {"GET", "/sources", Access::kUser, SourcesPage, "sources"},
    {"GET", "/admin/users", Access::kAdmin, AdminUsersPage, "admin"},
    {"POST", "/admin/users", Access::kAdmin, AdminUsersPost, "admin"},
    {"GET", "/admin/tokens", Access::kAdmin, AdminTokensPage, "admin"},
    {"POST", "/admin/tokens", Access::kAdmin, AdminTokensPost, "admin"},
    {"GET", "/admin/suppressions", Access::kAdmin, AdminSuppressionsPage, "admin"},
    {"POST", "/admin/suppressions", Access::kAdmin, AdminSuppressionsPost, "admin"},
    {"GET", "/admin/audit", Access::kAdmin, AdminAuditPage, "admin"},

    {"GET", "/api/v1/findings", Access::kUser, ApiFindings, "api_findings"},
    {"GET", "/api/v1/assets", Access::kUser, ApiAssets, "api_assets"},
    {"GET", R"(/api/v1/assets/(\d+))", Access::kUser, ApiAsset, "api_asset"},
    {"GET", "/api/v1/aggregates", Access::kUser, ApiAggregates, "api_aggregates"},
    {"GET", R"(/api/v1/vulnerabilities/(.+))", Access::kUser, ApiVulnerability,
     "api_vulnerability"},
    {"GET", "/api/v1/sources", Access::kUser, ApiSources, "api_sources"},
    {"GET", "/api/v1/openapi.json", Access::kUser, ApiOpenapi, "api_openapi"},
    {"POST", "/api/v1/import", Access::kIngest, ApiImport, "api_import"},
    {"POST", "/vuls", Access::kIngest, VulsPost, "vuls"},
};

bool IsApi(const httplib::Request& req) {
  return req.path.rfind("/api/", 0) == 0 || req.path == "/vuls" || req.path == "/metrics";
}

std::string ClientAddress(const httplib::Request& req, bool behind_proxy) {
  if (behind_proxy) {
    std::string xff = req.get_header_value("X-Forwarded-For");
    if (!xff.empty()) {
      std::string first = xff.substr(0, xff.find(','));
      while (!first.empty() && first.front() == ' ') first.erase(first.begin());
      while (!first.empty() && first.back() == ' ') first.pop_back();
      if (!first.empty()) return first;
    }
  }
  return req.remote_addr;
}

// Sessions' last_seen and tokens' last_used are written at most this often: one write (and
// the store's write lock) per request was a cost on every API call and page view.
constexpr std::chrono::seconds kTouchEvery{60};

// Resolves the session cookie or bearer token. Returns false (and answers) when the request
// carried credentials that are invalid, or none for a protected route.
bool Authenticate(Ctx& ctx, Access access, bool secure_cookies) {
  std::string authz = ctx.req.get_header_value("Authorization");
  if (authz.rfind("Bearer ", 0) == 0) {
    std::string token = authz.substr(7);
    Result<std::optional<store::ApiToken>> t = ctx.store.FindToken(auth::HashToken(token));
    if (!t) {
      ctx.Error(500, "token lookup failed");
      return false;
    }
    if (!*t) {
      ctx.res.set_header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      ctx.Error(401, "invalid or revoked API token");
      return false;
    }
    ctx.who.name = "token:" + (*t)->name;
    ctx.who.role = (*t)->role;
    ctx.who.team = (*t)->team;
    ctx.who.via_token = true;
    if ((*t)->last_used < Rfc3339Before(std::chrono::system_clock::now(), kTouchEvery))
      (void)ctx.store.TouchToken((*t)->id, NowRfc3339());
    bool allowed = access == Access::kPublic ||
                   (access == Access::kIngest && (ctx.who.role == "ingest" || ctx.who.admin())) ||
                   (access == Access::kUser && ctx.who.role != "ingest") ||
                   (access == Access::kAdmin && ctx.who.admin());
    if (!allowed) {
      ctx.Error(403, "this token's role may not use " + ctx.req.path);
      return false;
    }
    return true;
  }
  std::string cookie = ctx.req.get_header_value("Cookie");
  std::optional<std::string_view> sid =
      auth::FindCookie(cookie, auth::SessionCookieName(secure_cookies));
  if (sid && !sid->empty()) {
    std::string hash = auth::HashToken(*sid);
    Result<std::optional<store::Session>> s = ctx.store.GetSession(hash);
    if (s && *s) {
      const auto& opts = ctx.app.options();
      auto now = std::chrono::system_clock::now();
      if ((*s)->last_seen < Rfc3339Before(now, opts.session_idle) ||
          (*s)->created_at < Rfc3339Before(now, opts.session_absolute)) {
        (void)ctx.store.DeleteSession(hash);
      } else {
        ctx.who.name = (*s)->user;
        ctx.who.role = (*s)->role;
        ctx.who.team = (*s)->team;
        ctx.who.session_hash = hash;
        ctx.who.csrf_secret = (*s)->csrf_secret;
        if ((*s)->last_seen < Rfc3339Before(now, kTouchEvery))
          (void)ctx.store.TouchSession(hash, NowRfc3339());
      }
    }
  }
  if (access == Access::kPublic) return true;
  if (access == Access::kIngest) {
    ctx.res.set_header("WWW-Authenticate", "Bearer");
    ctx.Error(401, "an API token is required (Authorization: Bearer …)");
    return false;
  }
  if (ctx.who.name.empty()) {
    if (IsApi(ctx.req) || ctx.req.method != "GET") {
      ctx.Error(401, "authentication required");
    } else {
      std::string next = ctx.req.target.empty() ? ctx.req.path : ctx.req.target;
      ctx.Redirect("/login?next=" + httplib::detail::encode_query_param(next));
    }
    return false;
  }
  if (access == Access::kAdmin && !ctx.who.admin()) {
    ctx.Error(403, "administrators only");
    return false;
  }
  // Cookies ride along with cross-site requests: every state-changing session request
  // carries the form's (or header's) CSRF token.
  if (!auth::IsSafeMethod(ctx.req.method)) {
    std::string submitted = ctx.req.has_param(std::string(auth::kCsrfField).c_str())
                                ? ctx.req.get_param_value(std::string(auth::kCsrfField).c_str())
                                : ctx.req.get_header_value(std::string(auth::kCsrfHeader).c_str());
    if (Status s = auth::CheckCsrf(ctx.req.method, ctx.who.csrf_secret, submitted); !s) {
      ctx.Error(403, "missing or invalid CSRF token");
      return false;
    }
  }
  return true;
}

}  // namespace

std::span<const Route> Routes() { return kRoutes; }

void InstallRoutes(httplib::Server& server, App& app, bool tls) {
  for (const Route& route : kRoutes) {
    const Route* r = &route;
    auto handler = [r, &app, tls](const httplib::Request& req, httplib::Response& res) {
      auto start = std::chrono::steady_clock::now();
      bool https = tls || (app.options().behind_proxy &&
                           req.get_header_value("X-Forwarded-Proto") == "https");
      bool secure_cookies = auth::WantSecureCookies(tls, app.options().behind_proxy);
      std::string rid = app.NewRequestId();
      res.set_header("X-Request-Id", rid);
      for (const auto& [k, v] : auth::SecurityHeaders(https)) res.set_header(k, v);
      Result<store::Store*> st = app.Store();
      if (!st) {
        res.status = 503;
        res.set_content("{\"error\":\"store unavailable\"}", "application/json");
        std::fprintf(stderr, "vulnscope: request %s: %s\n", rid.c_str(),
                     st.error().message.c_str());
      } else {
        Ctx ctx{req,  res, app, **st, {}, rid, ClientAddress(req, app.options().behind_proxy),
                https};
        if (Authenticate(ctx, r->access, secure_cookies)) r->handler(ctx);
        if (app.options().access_log) {
          double ms =
              std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                  .count();
          // Paths only, never query strings: they can carry search terms, not secrets, but
          // keep logs small and predictable.
          std::fprintf(stderr, "%s %s %s %d %.1fms %s rid=%s\n", ctx.client.c_str(),
                       req.method.c_str(), req.path.c_str(), res.status, ms,
                       ctx.who.name.empty() ? "-" : ctx.who.name.c_str(), rid.c_str());
        }
      }
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      app.metrics().Observe(r->name, res.status, secs);
    };
    std::string method = route.method;
    if (method == "GET") {
      server.Get(route.pattern, handler);
    } else if (method == "POST" && route.access == Access::kIngest) {
      // Report uploads are read here rather than by httplib, which refuses form-encoded bodies
      // (curl's default Content-Type) over 8 KiB with a bare 413.
      server.Post(route.pattern, [handler](const httplib::Request& req, httplib::Response& res,
                                           const httplib::ContentReader& read) {
        httplib::Request full = req;
        if (req.is_multipart_form_data()) {
          auto part = full.files.end();
          read(
              [&](const httplib::MultipartFormData& f) {
                part = full.files.emplace(f.name, f);
                return true;
              },
              [&](const char* data, size_t n) {
                if (part != full.files.end()) part->second.content.append(data, n);
                return true;
              });
        } else {
          read([&](const char* data, size_t n) {
            full.body.append(data, n);
            return true;
          });
        }
        handler(full, res);
      });
    } else if (method == "POST") {
      server.Post(route.pattern, handler);
    }
  }
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;
    for (const auto& [k, v] : auth::SecurityHeaders(false)) res.set_header(k, v);
    res.set_content("{\"error\":\"" + std::to_string(res.status) + "\"}", "application/json");
  });
}

}  // namespace vs::server
