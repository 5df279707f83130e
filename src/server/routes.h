// The one route table of the server, and the middleware every route goes through: request
// id, security headers, authentication (session cookie or bearer token), role and CSRF
// checks, access log and metrics.
#pragma once

#include <span>

#include <httplib.h>

#include "server/context.h"

namespace vs::server {

enum class Access {
  kPublic,  // /login, /healthz, static assets.
  kUser,    // A session or an admin/viewer token.
  kAdmin,   // Admin session or admin token.
  kIngest,  // A token with role ingest or admin (pipelines, Vuls clients): no session.
};

using Handler = void (*)(Ctx& ctx);

struct Route {
  const char* method;   // "GET", "POST".
  const char* pattern;  // httplib regex, e.g. R"(/vulnerabilities/(.+))".
  Access access;
  Handler handler;
  const char* name;  // Bounded label for metrics: "findings", "api_findings".
};

std::span<const Route> Routes();

void InstallRoutes(httplib::Server& server, App& app, bool tls);

}  // namespace vs::server
