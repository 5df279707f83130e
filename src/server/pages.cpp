// The sources and admin pages, the stylesheet and the OpenAPI document. The other pages live in
// pages_*.cpp. Rendered on the server, escaped by default, readable without JavaScript.
#include <map>

#include "server/auth/password.h"
#include "server/auth/token.h"
#include "server/handlers.h"
#include "server/page_util.h"
#include "store/codec.h"

namespace vs::server {
using page::Cell;
using page::Field;
using page::Row;
using page::Table;

void StaticCss(Ctx& ctx) {
  static const char* kCss = R"css(
:root{--ink:#1d232a;--muted:#6b7580;--line:#e3e6ea;--bg:#f4f6f8;--panel:#fff;--accent:#2f6fb0}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:var(--ink);background:var(--bg)}
a{color:var(--accent)}a:hover{text-decoration:underline}
header.top{display:flex;align-items:center;gap:1.5rem;padding:.55rem 1.4rem;background:#17202a;color:#fff}
header.top a{color:#dfe6ee;text-decoration:none}header.top nav a:hover{color:#fff}
.brand{font-weight:700;color:#fff!important;letter-spacing:.02em}
header nav{display:flex;gap:1.1rem;flex:1}.logout{display:flex;gap:.6rem;align-items:center}
.logout button{background:transparent;color:#dfe6ee;border:1px solid #4a5866;border-radius:4px;padding:.2rem .6rem;cursor:pointer}
.who{color:#aab4be;font-size:12px}
main{padding:1.2rem 1.4rem;max-width:1500px;margin:0 auto}
footer{color:#8a939c;font-size:11px;padding:1rem 1.4rem;text-align:center}
h1{font-size:22px;margin:.2rem 0 1rem}h2{font-size:16px;margin:0 0 .6rem}h3{font-size:14px;margin:1rem 0 .3rem}
.scope,.kind,.count,.src,.date{font-size:12px;font-weight:400;color:var(--muted);background:#e8ecf0;border-radius:10px;padding:.05rem .5rem}
.panel{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:1rem;margin:0 0 1.2rem}
.panel table{margin:0}.more{font-size:12px;font-weight:400;margin-left:.5rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.2rem}
th,td{text-align:left;padding:.4rem .55rem;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#eef1f4;font-weight:600;font-size:12px;color:#3c4650;white-space:nowrap}
th a.sort{color:inherit;text-decoration:none}th a.sort.active{color:var(--accent)}
tbody tr:hover{background:#f8fafc}.num{text-align:right}.empty{color:#8a939c}
.ver{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:12px}
.eco,.summary{font-size:11px;color:var(--muted)}.summary{max-width:420px}
.status-resolved td,.status-suppressed td{color:#8a939c}
.sev{display:inline-block;padding:.05rem .45rem;border-radius:3px;font-size:11px;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
.sev-critical{background:#7b1020;color:#fff}.sev-high{background:#d0342c;color:#fff}
.sev-medium{background:#f0a30a;color:#1d232a}.sev-low{background:#8fbf5a;color:#1d232a}.sev-unknown,.sev-none{background:#d5d9de}
.tag{display:inline-block;padding:.05rem .4rem;border-radius:3px;font-size:11px;background:#e8ecf0}
.tag-kev{background:#5b0f8a;color:#fff;font-weight:600}.cvss{font-size:11px;color:var(--muted)}
.state{font-size:12px}.state-open,.state-reopened{color:#b00020}.state-resolved{color:#2e7d32}
.filters{display:flex;flex-direction:column;gap:.6rem;background:#fff;padding:.8rem 1rem;border:1px solid var(--line);border-radius:6px;margin-bottom:.8rem}
.filters fieldset{display:flex;flex-wrap:wrap;gap:.6rem 1rem;align-items:end;border:0;margin:0;padding:0}
.filters fieldset.more{border-top:1px dashed var(--line);padding-top:.6rem}
.filters label,.form label,.login label{display:flex;flex-direction:column;font-size:12px;color:#4a5560;gap:.15rem}
input,select,button{font:inherit}input,select{padding:.25rem .4rem;border:1px solid #c5ccd3;border-radius:4px;background:#fff}
button{background:var(--accent);color:#fff;border:0;border-radius:4px;padding:.35rem .9rem;cursor:pointer}
.actions{display:flex;gap:.8rem;align-items:center}
.exports{color:var(--muted);font-size:12px}.pager{display:flex;gap:1rem}
.error{color:#b00020}.login{max-width:340px;margin:5rem auto;background:#fff;padding:1.6rem;border:1px solid var(--line);border-radius:6px}
.login form{display:flex;flex-direction:column;gap:.8rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:1rem;margin-bottom:1.2rem}
.card{display:flex;flex-direction:column;background:#fff;border:1px solid var(--line);border-left:4px solid var(--accent);border-radius:6px;padding:.8rem 1rem;color:var(--ink);text-decoration:none}
.card .n{font-size:28px;font-weight:700;line-height:1.1}.card .k{font-size:12px;color:var(--muted)}
.card-exploit{border-left-color:#d0342c}.card-kev{border-left-color:#5b0f8a}.card-critical{border-left-color:#7b1020}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:1rem}
figure.panel{margin:0 0 1.2rem}figcaption{font-weight:600;margin-bottom:.5rem}svg.chart{max-width:100%;height:auto}
.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1.2rem;margin:0}.facts dt{color:var(--muted)}.facts dd{margin:0}
.lead{font-size:15px;max-width:900px}.aliases{font-size:12px}
.advisory{border-top:1px solid var(--line);padding-top:.6rem}.advisory:first-of-type{border-top:0}
pre.details{white-space:pre-wrap;font:13px/1.45 system-ui,sans-serif;background:#f8fafc;padding:.6rem;border-radius:4px;max-height:320px;overflow:auto}
.refs{margin:0;padding-left:1.1rem}.refs .type{font-size:11px;color:var(--muted);text-transform:uppercase}
.subnav{display:flex;gap:1rem;margin:-.4rem 0 1rem;font-size:13px}
.form form{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end}.secret{font:13px ui-monospace,monospace;background:#fff7d6;padding:.5rem;border:1px solid #f0d264;display:inline-block}
.badge-ok{color:#2e7d32;font-weight:600}.badge-failed,.badge-partial{color:#b00020;font-weight:600}
)css";
  ctx.res.set_header("Cache-Control", "public, max-age=3600");
  ctx.Text(200, kCss, "text/css; charset=utf-8");
}

// "3: i-0abc: unsupported platform: Microsoft Windows Server 2019; …" from a run's stats.
std::string RunWarnings(const std::string& stats_json) {
  Result<std::map<std::string, std::string>> stats = store::DecodeStringMap(stats_json);
  if (!stats || !stats->count("warnings")) return "";
  std::string out = stats->at("warnings");
  for (int i = 1; i <= 3; ++i) {
    auto it = stats->find("warning." + std::to_string(i));
    if (it == stats->end()) break;
    out += (i == 1 ? ": " : "; ") + it->second;
  }
  return out;
}

void SourcesPage(Ctx& ctx) {
  Result<std::vector<store::SourceInfo>> srcs = ctx.store.Sources();
  if (!srcs) return ctx.Error(500, srcs.error().message);
  Result<std::vector<store::RunInfo>> runs = ctx.store.Runs("", 100);
  if (!runs) return ctx.Error(500, runs.error().message);
  mstch::array feeds, run_rows, collectors;
  for (const auto& s : *srcs)
    feeds.push_back(Row({Cell(s.name), Cell(s.format), Cell(s.imported_at),
                         Cell(std::to_string(s.advisories)), Cell(std::to_string(s.exploits)),
                         Cell(std::to_string(s.epss)), page::Badge(s.status), Cell(s.error)}));
  // One line per collector: its newest run and its newest successful one (runs come newest
  // first).
  std::map<std::string, std::pair<const store::RunInfo*, const store::RunInfo*>> last;
  for (const auto& run : *runs) {
    auto& [newest, ok] = last[run.summary.source];
    if (newest == nullptr) newest = &run;
    if (ok == nullptr && run.summary.status == "ok") ok = &run;
  }
  for (const auto& [source, pair] : last)
    collectors.push_back(Row(
        {Cell(source), Cell(pair.first->started_at), page::Badge(pair.first->summary.status),
         Cell(pair.second ? pair.second->finished_at : "never"), Cell(pair.first->summary.error)}));
  for (const auto& run : *runs)
    run_rows.push_back(
        Row({Cell(run.summary.source), Cell(run.scope), Cell(run.started_at), Cell(run.finished_at),
             page::Badge(run.summary.status), Cell(std::to_string(run.summary.assets)),
             Cell(std::to_string(run.summary.opened)), Cell(std::to_string(run.summary.resolved)),
             Cell(run.summary.error), Cell(RunWarnings(run.stats))}));
  mstch::map data{
      {"heading", std::string("Sources")},
      {"tables",
       mstch::array{Table("Collectors",
                          {"Collector", "Last run", "Status", "Last success", "Error"}, collectors),
                    Table("Advisory and exploit feeds",
                          {"Feed", "Format", "Imported", "Advisories", "Exploits", "EPSS", "Status",
                           "Error"},
                          feeds),
                    Table("Recent collection runs",
                          {"Source", "Scope", "Started", "Finished", "Status", "Assets", "Opened",
                           "Resolved", "Error", "Warnings"},
                          run_rows)}}};
  // The scheduler's jobs, first, when `serve` runs any: interval, last and next run.
  std::vector<JobState> jobs = ctx.app.ScheduleState();
  if (!jobs.empty()) {
    mstch::array rows;
    for (const JobState& j : jobs) {
      int64_t minutes = std::chrono::duration_cast<std::chrono::minutes>(j.interval).count();
      std::string every = minutes == 0        ? "after feed updates"
                          : minutes % 60 == 0 ? std::to_string(minutes / 60) + " h"
                                              : std::to_string(minutes) + " min";
      rows.push_back(
          Row({Cell(j.name), Cell(every), Cell(j.last_started.empty() ? "never" : j.last_started),
               j.running               ? page::Badge("running")
               : j.last_status.empty() ? Cell("")
                                       : page::Badge(j.last_status),
               Cell(j.running ? "after this run" : j.next_run), Cell(j.last_error)}));
    }
    mstch::array& tables = boost::get<mstch::array>(data["tables"]);
    tables.insert(
        tables.begin(),
        Table("Schedule", {"Job", "Every", "Last run", "Status", "Next run", "Error"}, rows));
  }
  ctx.Html(200, RenderPage(ctx, "table", "Sources", data));
}

void AdminUsersPage(Ctx& ctx) {
  Result<std::vector<store::User>> users = ctx.store.Users();
  if (!users) return ctx.Error(500, users.error().message);
  mstch::array rows;
  for (const auto& u : *users)
    rows.push_back(Row({Cell(u.name), Cell(u.role), Cell(u.team), Cell(u.source),
                        Cell(u.disabled ? "disabled" : "active"), Cell(u.created_at)}));
  mstch::map data{
      {"heading", std::string("Users")},
      {"subnav_admin", true},
      {"tables",
       mstch::array{Table("", {"Name", "Role", "Team", "Source", "State", "Created"}, rows)}},
      {"forms", mstch::array{mstch::map{
                    {"title", std::string("Add or update a local user")},
                    {"action", std::string("/admin/users")},
                    {"csrf", ctx.CsrfToken()},
                    {"button", std::string("Save user")},
                    {"fields", mstch::array{Field("Name", "name", "", true),
                                            Field("Role (admin or viewer)", "role", "", true),
                                            Field("Team", "team"),
                                            Field("Password", "password", "password", true)}}}}}};
  ctx.Html(200, RenderPage(ctx, "table", "Users", data));
}

void AdminUsersPost(Ctx& ctx) {
  store::User u;
  u.name = ctx.Param("name");
  u.role = ctx.Param("role");
  u.team = ctx.Param("team");
  std::string password = ctx.Param("password");
  if (password.size() < auth::kMinPasswordBytes)
    return ctx.Error(
        400, "passwords need at least " + std::to_string(auth::kMinPasswordBytes) + " characters");
  Result<std::string> hash = auth::HashPassword(password, ctx.app.options().password_cost);
  if (!hash) return ctx.Error(400, hash.error().message);
  u.password_hash = *hash;
  if (Status s = ctx.store.PutUser(u); !s) return ctx.Error(400, s.error().message);
  ctx.Audit("user_put", u.name + " role=" + u.role + " team=" + u.team);
  ctx.Redirect("/admin/users");
}

void AdminTokensPage(Ctx& ctx) {
  Result<std::vector<store::ApiToken>> tokens = ctx.store.Tokens();
  if (!tokens) return ctx.Error(500, tokens.error().message);
  mstch::array rows;
  for (const auto& t : *tokens)
    rows.push_back(
        Row({Cell(t.name), Cell(t.role), Cell(t.team), Cell(t.created_by), Cell(t.created_at),
             Cell(t.last_used), Cell(t.revoked ? "revoked" : "active")}));
  mstch::map data{
      {"heading", std::string("API tokens")},
      {"subnav_admin", true},
      {"intro", ctx.Param("created").empty()
                    ? std::string("Tokens are shown once, when created, and stored hashed.")
                    : std::string("")},
      {"tables",
       mstch::array{Table(
           "", {"Name", "Role", "Team", "Created by", "Created", "Last used", "State"}, rows)}},
      {"forms",
       mstch::array{
           mstch::map{
               {"title", std::string("Create a token")},
               {"action", std::string("/admin/tokens")},
               {"csrf", ctx.CsrfToken()},
               {"button", std::string("Create")},
               {"hidden", mstch::array{mstch::map{{"name", std::string("op")},
                                                  {"value", std::string("create")}}}},
               {"fields", mstch::array{Field("Name", "name", "", true),
                                       Field("Role (admin, viewer, ingest)", "role", "", true),
                                       Field("Team", "team")}}},
           mstch::map{{"title", std::string("Revoke a token")},
                      {"action", std::string("/admin/tokens")},
                      {"csrf", ctx.CsrfToken()},
                      {"button", std::string("Revoke")},
                      {"hidden", mstch::array{mstch::map{{"name", std::string("op")},
                                                         {"value", std::string("revoke")}}}},
                      {"fields", mstch::array{Field("Name", "name", "", true)}}}}}};
  ctx.Html(200, RenderPage(ctx, "table", "API tokens", data));
}

void AdminTokensPost(Ctx& ctx) {
  if (ctx.Param("op") == "revoke") {
    Result<bool> r = ctx.store.RevokeToken(ctx.Param("name"));
    if (!r) return ctx.Error(500, r.error().message);
    if (!*r) return ctx.Error(404, "no active token named " + ctx.Param("name"));
    ctx.Audit("token_revoke", ctx.Param("name"));
    return ctx.Redirect("/admin/tokens");
  }
  std::string token = auth::NewApiToken();
  store::ApiToken t;
  t.name = ctx.Param("name");
  t.role = ctx.Param("role");
  t.team = ctx.Param("team");
  t.token_hash = auth::HashToken(token);
  t.created_by = ctx.who.name;
  Result<int64_t> id = ctx.store.CreateToken(t);
  if (!id) return ctx.Error(400, id.error().message);
  ctx.Audit("token_create", t.name + " role=" + t.role);
  mstch::map data{{"heading", std::string("Token created")},
                  {"subnav_admin", true},
                  {"intro", std::string("Copy it now; it is not shown again.")},
                  {"secret", token}};
  ctx.Html(200, RenderPage(ctx, "table", "Token created", data));
}

void AdminSuppressionsPage(Ctx& ctx) {
  Result<std::vector<store::Suppression>> all = ctx.store.Suppressions();
  if (!all) return ctx.Error(500, all.error().message);
  mstch::array rows;
  for (const auto& s : *all)
    rows.push_back(Row({Cell(std::to_string(s.id)), Cell(s.vulnerability_id), Cell(s.package),
                        Cell(s.asset), Cell(s.team), Cell(s.reason),
                        Cell(s.expires_at.empty() ? "never" : s.expires_at), Cell(s.author)}));
  mstch::map data{
      {"heading", std::string("Suppressions")},
      {"subnav_admin", true},
      {"tables",
       mstch::array{Table(
           "", {"Id", "Vulnerability", "Package", "Asset", "Team", "Reason", "Expires", "Author"},
           rows)}},
      {"forms",
       mstch::array{
           mstch::map{{"title", std::string("Suppress")},
                      {"action", std::string("/admin/suppressions")},
                      {"csrf", ctx.CsrfToken()},
                      {"button", std::string("Suppress")},
                      {"hidden", mstch::array{mstch::map{{"name", std::string("op")},
                                                         {"value", std::string("add")}}}},
                      {"fields",
                       mstch::array{Field("Vulnerability (any alias)", "vulnerability", "", true),
                                    Field("Package", "package"), Field("Asset", "asset"),
                                    Field("Team", "team"), Field("Reason", "reason", "", true),
                                    Field("Expires (YYYY-MM-DD)", "expires", "date")}}},
           mstch::map{{"title", std::string("Remove a suppression")},
                      {"action", std::string("/admin/suppressions")},
                      {"csrf", ctx.CsrfToken()},
                      {"button", std::string("Remove")},
                      {"hidden", mstch::array{mstch::map{{"name", std::string("op")},
                                                         {"value", std::string("remove")}}}},
                      {"fields", mstch::array{Field("Id", "id", "", true)}}}}}};
  ctx.Html(200, RenderPage(ctx, "table", "Suppressions", data));
}

void AdminSuppressionsPost(Ctx& ctx) {
  if (ctx.Param("op") == "remove") {
    int64_t id = std::atoll(ctx.Param("id").c_str());
    if (Status s = ctx.store.RemoveSuppression(id); !s) return ctx.Error(400, s.error().message);
    ctx.Audit("suppression_remove", std::to_string(id));
    return ctx.Redirect("/admin/suppressions");
  }
  store::Suppression s;
  s.vulnerability_id = ctx.Param("vulnerability");
  s.package = ctx.Param("package");
  s.asset = ctx.Param("asset");
  s.team = ctx.Param("team");
  s.reason = ctx.Param("reason");
  s.expires_at = ctx.Param("expires");
  if (s.expires_at.size() == 10) s.expires_at += "T23:59:59Z";
  s.author = ctx.who.name;
  Result<int64_t> id = ctx.store.AddSuppression(s);
  if (!id) return ctx.Error(400, id.error().message);
  ctx.Audit("suppression_add", s.vulnerability_id + " " + s.reason);
  ctx.Redirect("/admin/suppressions");
}

void AdminAuditPage(Ctx& ctx) {
  Result<std::vector<store::AuditEntry>> log = ctx.store.AuditLog(500);
  if (!log) return ctx.Error(500, log.error().message);
  mstch::array rows;
  for (const auto& e : *log)
    rows.push_back(
        Row({Cell(e.at), Cell(e.actor), Cell(e.action), Cell(e.detail), Cell(e.client)}));
  mstch::map data{
      {"heading", std::string("Audit log")},
      {"subnav_admin", true},
      {"tables", mstch::array{Table("", {"At", "Actor", "Action", "Detail", "Client"}, rows)}}};
  ctx.Html(200, RenderPage(ctx, "table", "Audit log", data));
}

void ApiOpenapi(Ctx& ctx) {
  static const char* kDoc = R"json({
  "openapi": "3.0.3",
  "info": {"title": "vulnscope API", "version": "1"},
  "components": {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"},
                                     "session": {"type": "apiKey", "in": "cookie", "name": "vs_session"}}},
  "security": [{"bearer": []}, {"session": []}],
  "paths": {
    "/api/v1/findings": {"get": {"summary": "Search findings (same filters and JSON as `vulnscope search --format json`)",
      "parameters": [
        {"name": "cve", "in": "query", "schema": {"type": "string"}, "description": "CVE id or any alias"},
        {"name": "exploit", "in": "query", "schema": {"type": "string", "enum": ["any", "exploitdb", "kev", "poc", "metasploit", "none"]}},
        {"name": "severity", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}, "explode": true},
        {"name": "repo", "in": "query", "schema": {"type": "string"}},
        {"name": "account", "in": "query", "schema": {"type": "string"}},
        {"name": "instance", "in": "query", "schema": {"type": "string"}},
        {"name": "image", "in": "query", "schema": {"type": "string"}},
        {"name": "namespace", "in": "query", "schema": {"type": "string"}},
        {"name": "team", "in": "query", "schema": {"type": "string"}},
        {"name": "package", "in": "query", "schema": {"type": "string"}},
        {"name": "ecosystem", "in": "query", "schema": {"type": "string"}},
        {"name": "source", "in": "query", "schema": {"type": "string"}},
        {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["open", "resolved", "suppressed", "all"]}},
        {"name": "kind", "in": "query", "schema": {"type": "string"}},
        {"name": "fix", "in": "query", "schema": {"type": "string", "enum": ["yes", "no"]}},
        {"name": "epss", "in": "query", "schema": {"type": "number"}},
        {"name": "since", "in": "query", "schema": {"type": "string"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["severity", "first_seen", "last_seen", "epss", "cvss", "package"]}},
        {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 10000}},
        {"name": "after", "in": "query", "schema": {"type": "string"}, "description": "Cursor from the X-Next-Cursor header"}],
      "responses": {"200": {"description": "Array of findings; Link rel=next for the next page"}}}},
    "/api/v1/aggregates": {"get": {"summary": "Counts by severity, team, source, kind; top vulnerabilities; trend (days=N)", "responses": {"200": {"description": "Aggregates"}}}},
    "/api/v1/assets": {"get": {"summary": "Assets with package and open-finding counts", "responses": {"200": {"description": "Array of assets"}}}},
    "/api/v1/assets/{id}": {"get": {"summary": "One asset with its packages", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "integer"}}], "responses": {"200": {"description": "Asset"}, "404": {"description": "Unknown or not visible"}}}},
    "/api/v1/vulnerabilities/{id}": {"get": {"summary": "Where is it? Every finding of a vulnerability (any alias)", "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}], "responses": {"200": {"description": "Vulnerability"}}}},
    "/api/v1/sources": {"get": {"summary": "Feeds and collection runs", "responses": {"200": {"description": "Sources"}}}},
    "/api/v1/import": {"post": {"summary": "Upload a report or SBOM (Trivy JSON, Vuls JSON, SARIF, CycloneDX, SPDX, lockfiles); token with role ingest or admin",
      "parameters": [{"name": "name", "in": "query", "schema": {"type": "string"}}, {"name": "asset", "in": "query", "schema": {"type": "string"}}, {"name": "kind", "in": "query", "schema": {"type": "string"}}, {"name": "team", "in": "query", "schema": {"type": "string"}}, {"name": "os", "in": "query", "schema": {"type": "string"}}],
      "requestBody": {"content": {"application/octet-stream": {}, "multipart/form-data": {}}},
      "responses": {"200": {"description": "Run summary"}, "400": {"description": "Unreadable or not a report"}}}},
    "/vuls": {"post": {"summary": "Vuls server mode: X-Vuls-OS-Family, X-Vuls-OS-Release, X-Vuls-Kernel-Release, X-Vuls-Server-Name; body rpm -qa / dpkg-query -W output", "responses": {"200": {"description": "Vuls-style result"}}}},
    "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "text/plain exposition"}}}},
    "/healthz": {"get": {"summary": "Liveness", "security": [], "responses": {"200": {"description": "ok"}}}}
  }
})json";
  ctx.Json(200, kDoc);
}

}  // namespace vs::server
