// What a route handler gets: the request, the response, who is asking, and helpers for the
// common answers. Handlers are plain functions listed in routes.cpp.
#pragma once

#include <string>
#include <string_view>

#include <httplib.h>
#include <mstch/mstch.hpp>

#include "server/app.h"
#include "store/records.h"

namespace vs::server {

struct Principal {
  std::string name;
  std::string role;  // "admin", "viewer" or "ingest" (tokens only).
  std::string team;  // A viewer bound to a team sees only that team.
  bool via_token = false;
  std::string session_hash;  // Empty for tokens.
  std::string csrf_secret;   // Session's; forms carry a masked token derived from it.
  bool admin() const { return role == "admin"; }
  // The team every query must be limited to ("" = all).
  std::string ScopeTeam() const { return role == "admin" ? "" : team; }
};

struct Ctx {
  const httplib::Request& req;
  httplib::Response& res;
  App& app;
  store::Store& store;
  Principal who;
  std::string request_id;
  std::string client;  // Client address (X-Forwarded-For's first hop behind a proxy).
  bool https = false;

  std::string Param(const std::string& name) const;
  // A fresh masked CSRF token for a form of this session.
  std::string CsrfToken() const;

  void Html(int status, std::string body);
  void Json(int status, std::string body);
  void Text(int status, std::string body, const char* content_type);
  void Redirect(const std::string& location);
  // A JSON {"error": …} for API routes, an HTML error page otherwise.
  void Error(int status, const std::string& message);
  void Audit(const std::string& action, const std::string& detail);
};

// Search filters from query parameters — the same names as the CLI flags: cve, exploit,
// severity (repeatable or comma-separated), repo, account, instance, image, namespace, team,
// package, ecosystem, source, status, kind, asset, fix (yes|no), epss, since, sort, order
// (asc|desc), limit, after. The viewer's team scope is applied on top.
Result<store::FindingQuery> FindingQueryFromParams(const Ctx& ctx);

// Renders templates/<name>.html inside templates/layout.html with the common context (user,
// role, CSRF token, nav) merged into `data`.
std::string RenderPage(const Ctx& ctx, const std::string& name, const std::string& title,
                       mstch::node data);

// HTML-escapes for the few places that build markup in C++ (SVG charts).
std::string EscapeHtml(std::string_view s);

}  // namespace vs::server
