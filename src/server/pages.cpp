// HTML pages. Rendered on the server, escaped by default, readable without JavaScript.
#include <set>

#include <fmt/format.h>

#include "report/findings.h"
#include "server/auth/password.h"
#include "server/auth/token.h"
#include "server/handlers.h"

namespace vs::server {
namespace {

std::string ExploitLabel(const model::ExploitInfo& e) {
  std::vector<std::string> parts;
  if (e.kev) parts.push_back("KEV");
  if (!e.exploitdb.empty()) parts.push_back("Exploit-DB");
  if (!e.metasploit.empty()) parts.push_back("Metasploit");
  if (e.poc) parts.push_back("PoC");
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out.empty() ? "—" : out;
}

mstch::map Cell(const std::string& text, const std::string& href = "") {
  mstch::map m{{"text", text}};
  if (!href.empty()) m["href"] = href;
  return m;
}

mstch::map Row(mstch::array cells) { return mstch::map{{"cells", std::move(cells)}}; }

mstch::map Table(const std::string& caption, std::vector<std::string> headers, mstch::array rows) {
  mstch::array h;
  for (auto& s : headers) h.push_back(s);
  return mstch::map{{"caption", caption}, {"headers", h}, {"rows", std::move(rows)}};
}

mstch::map Field(const std::string& label, const std::string& name, const std::string& type = "",
                 bool required = false) {
  mstch::map f{{"label", label}, {"name", name}, {"required", required}};
  if (!type.empty()) f["type"] = type;
  return f;
}

std::string Url(std::string_view s) { return httplib::detail::encode_query_param(std::string(s)); }

std::string QueryString(const httplib::Request& req, const std::string& drop) {
  std::string out;
  for (const auto& [k, v] : req.params) {
    if (k == drop) continue;
    if (!out.empty()) out += '&';
    out += httplib::detail::encode_query_param(k) + "=" + httplib::detail::encode_query_param(v);
  }
  return out;
}

mstch::array Options(const std::vector<std::pair<std::string, std::string>>& opts,
                     const std::string& selected) {
  mstch::array out;
  for (const auto& [value, label] : opts)
    out.push_back(mstch::map{{"value", value}, {"label", label}, {"selected", value == selected}});
  return out;
}

}  // namespace

void StaticCss(Ctx& ctx) {
  static const char* kCss = R"css(
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header.top{display:flex;align-items:center;gap:1.5rem;padding:.6rem 1.2rem;background:#17202a;color:#fff}
header.top a{color:#dfe6ee;text-decoration:none}.brand{font-weight:700;color:#fff!important}
header nav{display:flex;gap:1rem;flex:1}.logout{display:flex;gap:.6rem;align-items:center}
main{padding:1rem 1.4rem;max-width:1400px}footer{color:#8a939c;font-size:11px;padding:1rem 1.4rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0 1.5rem}
th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e6ea;vertical-align:top}
th{background:#eef1f4;font-weight:600}.empty{color:#8a939c}
.sev{padding:.05rem .4rem;border-radius:3px;font-size:12px;text-transform:uppercase}
.sev-critical{background:#7b1020;color:#fff}.sev-high{background:#d0342c;color:#fff}
.sev-medium{background:#f0a30a}.sev-low{background:#8fbf5a}.sev-unknown,.sev-none{background:#d5d9de}
.filters{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;background:#fff;padding:.8rem;border:1px solid #e3e6ea}
.filters label,.form label,.login label{display:flex;flex-direction:column;font-size:12px;color:#4a5560}
.error{color:#b00020}.login{max-width:320px;margin:4rem auto;background:#fff;padding:1.5rem;border:1px solid #e3e6ea}
.login form{display:flex;flex-direction:column;gap:.8rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}
.card{background:#fff;border:1px solid #e3e6ea;padding:.8rem 1rem;min-width:140px}
.card .n{font-size:26px;font-weight:700}.form form{display:flex;gap:.6rem;flex-wrap:wrap;align-items:end}
)css";
  ctx.res.set_header("Cache-Control", "public, max-age=3600");
  ctx.Text(200, kCss, "text/css; charset=utf-8");
}

void OverviewPage(Ctx& ctx) {
  store::FindingQuery q;
  q.scope_team = ctx.who.ScopeTeam();
  Result<store::Aggregates> agg = ctx.store.Aggregate(q, 90);
  if (!agg) return ctx.Error(500, agg.error().message);
  mstch::array sev, teams, top;
  for (const auto& r : agg->by_severity)
    sev.push_back(Row({Cell(r.key, "/findings?severity=" + Url(r.key)),
                       Cell(std::to_string(r.count)), Cell(std::to_string(r.exploitable))}));
  for (const auto& r : agg->by_team)
    teams.push_back(Row({Cell(r.key.empty() ? "(unowned)" : r.key,
                              "/findings?team=" + Url(r.key.empty() ? "(unowned)" : r.key)),
                         Cell(std::to_string(r.count)), Cell(std::to_string(r.exploitable))}));
  for (const auto& r : agg->top_vulnerabilities)
    top.push_back(Row({Cell(r.key, "/vulnerabilities/" + Url(r.key)),
                       Cell(std::to_string(r.count)), Cell(r.exploitable ? "yes" : "—")}));
  mstch::map data{
      {"heading", std::string("Overview")},
      {"intro", fmt::format("{} open findings, {} with public exploit evidence, {} in CISA KEV.",
                            agg->open, agg->exploitable, agg->kev)},
      {"tables", mstch::array{Table("By severity", {"Severity", "Open", "Exploitable"}, sev),
                              Table("By team", {"Team", "Open", "Exploitable"}, teams),
                              Table("Top vulnerabilities", {"Vulnerability", "Assets", "Exploit"},
                                    top)}}};
  ctx.Html(200, RenderPage(ctx, "table", "Overview", data));
}

void FindingsPage(Ctx& ctx) {
  Result<store::FindingQuery> q = FindingQueryFromParams(ctx);
  if (!q) return ctx.Error(400, q.error().message);
  Result<store::FindingPage> page = ctx.store.SearchFindings(*q);
  if (!page) return ctx.Error(page.error().code == ErrorCode::kInvalidInput ? 400 : 500,
                              page.error().message);
  mstch::array rows;
  for (const auto& f : page->rows) {
    rows.push_back(mstch::map{
        {"vulnerability_id", f.vulnerability_id},
        {"id_url", Url(f.vulnerability_id)},
        {"severity", f.severity},
        {"exploit", ExploitLabel(f.exploit)},
        {"package", f.package.name},
        {"version", f.package.version},
        {"fixed", f.fixed_version.empty() ? std::string("no fix yet") : f.fixed_version},
        {"asset", f.asset.name},
        {"asset_id", std::to_string(f.asset_id)},
        {"team", f.asset.team},
        {"first_seen", f.first_seen.substr(0, 10)}});
  }
  mstch::map qmap{{"cve", ctx.Param("cve")},       {"repo", ctx.Param("repo")},
                  {"account", ctx.Param("account")}, {"instance", ctx.Param("instance")},
                  {"image", ctx.Param("image")},     {"namespace", ctx.Param("namespace")},
                  {"team", ctx.Param("team")},       {"package", ctx.Param("package")}};
  std::string next;
  if (!page->next.empty()) {
    next = QueryString(ctx.req, "after");
    next += (next.empty() ? "" : "&") + std::string("after=") +
            httplib::detail::encode_query_param(page->next);
  }
  mstch::map data{
      {"q", qmap},
      {"exploits", Options({{"", "any or none"},
                            {"any", "any exploit"},
                            {"exploitdb", "Exploit-DB"},
                            {"kev", "CISA KEV"},
                            {"poc", "public PoC"},
                            {"metasploit", "Metasploit"},
                            {"none", "no known exploit"}},
                           ctx.Param("exploit"))},
      {"severities", Options({{"", "all"},
                              {"critical", "critical"},
                              {"high", "high"},
                              {"medium", "medium"},
                              {"low", "low"},
                              {"unknown", "unknown"}},
                             ctx.Param("severity"))},
      {"statuses", Options({{"", "open"},
                            {"suppressed", "suppressed"},
                            {"resolved", "resolved"},
                            {"all", "all"}},
                           ctx.Param("status"))},
      {"rows", rows},
      {"count", std::to_string(page->rows.size())},
      {"query", QueryString(ctx.req, "after")},
      {"next", next}};
  ctx.Html(200, RenderPage(ctx, "findings", "Findings", data));
}

void FindingsExport(Ctx& ctx) {
  Result<store::FindingQuery> q = FindingQueryFromParams(ctx);
  if (!q) return ctx.Error(400, q.error().message);
  if (ctx.Param("limit").empty()) q->limit = 10000;
  Result<store::FindingPage> page = ctx.store.SearchFindings(*q);
  if (!page) return ctx.Error(400, page.error().message);
  bool csv = ctx.req.matches[1] == "csv";
  ctx.res.set_header("Content-Disposition",
                     csv ? "attachment; filename=\"findings.csv\""
                         : "attachment; filename=\"findings.json\"");
  ctx.Audit("export", csv ? "csv" : "json");
  if (csv)
    ctx.Text(200, report::FindingsCsv(page->rows), "text/csv; charset=utf-8");
  else
    ctx.Json(200, report::FindingsJson(page->rows));
}

void VulnerabilityPage(Ctx& ctx) {
  std::string id = ctx.req.matches[1];
  store::FindingQuery q;
  q.vulnerability = id;
  q.statuses = {"all"};
  q.limit = 10000;
  q.scope_team = ctx.who.ScopeTeam();
  Result<store::FindingPage> page = ctx.store.SearchFindings(q);
  if (!page) return ctx.Error(500, page.error().message);
  Result<std::vector<model::Advisory>> advs = ctx.store.FindAdvisories(id);
  if (!advs) return ctx.Error(500, advs.error().message);
  if (page->rows.empty() && advs->empty()) return ctx.Error(404, "unknown vulnerability " + id);
  std::set<std::string> ids = {id};
  for (const auto& a : *advs) {
    ids.insert(a.id);
    ids.insert(a.aliases.begin(), a.aliases.end());
  }
  std::vector<std::string> cves;
  for (const auto& i : ids)
    if (i.rfind("CVE-", 0) == 0) cves.push_back(i);
  Result<std::vector<model::ExploitRef>> exploits = ctx.store.FindExploits(cves);
  Result<std::vector<model::EpssScore>> epss = ctx.store.FindEpss(cves);
  mstch::array where, adv_rows, refs, exp_rows;
  for (const auto& f : page->rows) {
    where.push_back(Row({Cell(std::string(model::AssetKindName(f.asset.kind))),
                         Cell(f.asset.team.empty() ? "(unowned)" : f.asset.team),
                         Cell(f.asset.name, "/assets/" + std::to_string(f.asset_id)),
                         Cell(f.package.name), Cell(f.package.version),
                         Cell(f.fixed_version.empty() ? "no fix yet" : f.fixed_version),
                         Cell(f.status)}));
  }
  std::set<std::string> seen_refs;
  for (const auto& a : *advs) {
    adv_rows.push_back(Row({Cell(a.id), Cell(a.source), Cell(std::string(model::SeverityName(a.severity))),
                            Cell(a.summary.empty() ? a.details.substr(0, 300) : a.summary)}));
    for (const auto& r : a.references) {
      // Only web links are rendered as links.
      if (!seen_refs.insert(r.url).second) continue;
      bool web = r.url.rfind("https://", 0) == 0 || r.url.rfind("http://", 0) == 0;
      refs.push_back(Row({Cell(r.type), Cell(r.url, web ? r.url : "")}));
    }
  }
  if (exploits)
    for (const auto& e : *exploits) {
      std::string href;
      if (e.source == model::ExploitSource::kExploitDb)
        href = "https://www.exploit-db.com/exploits/" + e.id;
      else if (e.reference.rfind("https://", 0) == 0)
        href = e.reference;
      exp_rows.push_back(Row({Cell(std::string(model::ExploitSourceName(e.source))),
                              Cell(e.id.empty() ? e.reference : e.id, href), Cell(e.cve)}));
    }
  std::string intro = "Aliases: ";
  for (const auto& i : ids) intro += i + " ";
  if (epss && !epss->empty())
    intro += fmt::format(" · EPSS {:.3f} (percentile {:.2f})", epss->front().score,
                         epss->front().percentile);
  mstch::map data{
      {"heading", id},
      {"intro", intro},
      {"tables",
       mstch::array{Table("Where is it?", {"Kind", "Team", "Asset", "Package", "Installed",
                                           "Fixed", "Status"},
                          where),
                    Table("Exploits", {"Source", "Reference", "CVE"}, exp_rows),
                    Table("Advisories", {"Id", "Source", "Severity", "Summary"}, adv_rows),
                    Table("References", {"Type", "URL"}, refs)}}};
  ctx.Html(200, RenderPage(ctx, "table", id, data));
}

void AssetsPage(Ctx& ctx) {
  store::AssetQuery q;
  q.kind = ctx.Param("kind");
  q.team = ctx.Param("team");
  q.search = ctx.Param("q");
  q.scope_team = ctx.who.ScopeTeam();
  Result<std::vector<store::AssetRow>> rows = ctx.store.ListAssets(q);
  if (!rows) return ctx.Error(500, rows.error().message);
  mstch::array out;
  for (const auto& r : *rows)
    out.push_back(Row({Cell(std::string(model::AssetKindName(r.asset.kind))),
                       Cell(r.asset.name, "/assets/" + std::to_string(r.id)),
                       Cell(r.asset.team.empty() ? "(unowned)" : r.asset.team),
                       Cell(r.asset.account_id), Cell(std::to_string(r.packages)),
                       Cell(std::to_string(r.open_findings))}));
  mstch::map data{{"heading", std::string("Assets")},
                  {"tables", mstch::array{Table("", {"Kind", "Name", "Team", "Account",
                                                     "Packages", "Open findings"},
                                                out)}}};
  ctx.Html(200, RenderPage(ctx, "table", "Assets", data));
}

void AssetPage(Ctx& ctx) {
  store::AssetQuery q;
  q.id = std::stoll(ctx.req.matches[1]);
  q.scope_team = ctx.who.ScopeTeam();
  Result<std::vector<store::AssetRow>> rows = ctx.store.ListAssets(q);
  if (!rows) return ctx.Error(500, rows.error().message);
  if (rows->empty()) return ctx.Error(404, "no such asset");
  const store::AssetRow& a = rows->front();
  store::FindingQuery fq;
  fq.asset = std::to_string(a.id);
  fq.statuses = {"all"};
  fq.limit = 10000;
  fq.scope_team = ctx.who.ScopeTeam();
  Result<store::FindingPage> page = ctx.store.SearchFindings(fq);
  Result<std::vector<model::Package>> pkgs = ctx.store.AssetPackages(a.id);
  mstch::array findings, packages, facts;
  auto fact = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) facts.push_back(Row({Cell(k), Cell(v)}));
  };
  fact("Kind", std::string(model::AssetKindName(a.asset.kind)));
  fact("Key", a.asset.key);
  fact("Team", a.asset.team.empty() ? "(unowned)" : a.asset.team);
  fact("AWS account", a.asset.account_id);
  fact("Region", a.asset.region);
  fact("Instance", a.asset.instance_id);
  fact("Auto-scaling group", a.asset.asg);
  std::string members;
  for (const auto& m : a.asset.members) members += m + " ";
  fact("Members", members);
  fact("Repository", a.asset.repo);
  fact("Image", a.asset.image);
  fact("Digest", a.asset.digest);
  std::string ns;
  for (const auto& n : a.asset.namespaces) ns += n + " ";
  fact("Namespaces", ns);
  if (a.asset.os) fact("OS", a.asset.os->family + " " + a.asset.os->release);
  fact("Note", a.asset.note);
  fact("First seen", a.first_seen);
  fact("Last seen", a.last_seen);
  if (page)
    for (const auto& f : page->rows)
      findings.push_back(Row({Cell(f.vulnerability_id, "/vulnerabilities/" + Url(f.vulnerability_id)),
                              Cell(f.severity), Cell(ExploitLabel(f.exploit)), Cell(f.package.name),
                              Cell(f.package.version),
                              Cell(f.fixed_version.empty() ? "no fix yet" : f.fixed_version),
                              Cell(f.status), Cell(f.first_seen.substr(0, 10)),
                              Cell(f.resolved_at.substr(0, 10))}));
  if (pkgs)
    for (const auto& p : *pkgs)
      packages.push_back(Row({Cell(p.ecosystem), Cell(p.name), Cell(p.version), Cell(p.source_name)}));
  mstch::map data{
      {"heading", a.asset.name},
      {"tables",
       mstch::array{Table("", {"", ""}, facts),
                    Table("Findings", {"Vulnerability", "Severity", "Exploit", "Package",
                                       "Installed", "Fixed", "Status", "First seen", "Resolved"},
                          findings),
                    Table("Packages", {"Ecosystem", "Name", "Version", "Source"}, packages)}}};
  ctx.Html(200, RenderPage(ctx, "table", a.asset.name, data));
}

void SourcesPage(Ctx& ctx) {
  mstch::array feeds, runs;
  if (auto srcs = ctx.store.Sources())
    for (const auto& s : *srcs)
      feeds.push_back(Row({Cell(s.name), Cell(s.format), Cell(s.imported_at),
                           Cell(std::to_string(s.advisories)), Cell(std::to_string(s.exploits)),
                           Cell(s.status), Cell(s.error)}));
  if (auto r = ctx.store.Runs("", 100))
    for (const auto& run : *r)
      runs.push_back(Row({Cell(run.summary.source), Cell(run.scope), Cell(run.started_at),
                          Cell(run.summary.status), Cell(std::to_string(run.summary.assets)),
                          Cell(std::to_string(run.summary.opened)),
                          Cell(std::to_string(run.summary.resolved)), Cell(run.summary.error)}));
  mstch::map data{
      {"heading", std::string("Sources")},
      {"tables",
       mstch::array{Table("Feeds", {"Feed", "Format", "Imported", "Advisories", "Exploits",
                                    "Status", "Error"},
                          feeds),
                    Table("Collection runs", {"Source", "Scope", "Started", "Status", "Assets",
                                              "Opened", "Resolved", "Error"},
                          runs)}}};
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
      {"tables", mstch::array{Table("", {"Name", "Role", "Team", "Source", "State", "Created"}, rows)}},
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
  if (password.size() < 12) return ctx.Error(400, "passwords need at least 12 characters");
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
    rows.push_back(Row({Cell(t.name), Cell(t.role), Cell(t.team), Cell(t.created_by),
                        Cell(t.created_at), Cell(t.last_used), Cell(t.revoked ? "revoked" : "active")}));
  mstch::map data{
      {"heading", std::string("API tokens")},
      {"intro", ctx.Param("created").empty()
                    ? std::string("Tokens are shown once, when created, and stored hashed.")
                    : std::string("")},
      {"tables", mstch::array{Table("", {"Name", "Role", "Team", "Created by", "Created",
                                         "Last used", "State"},
                                    rows)}},
      {"forms",
       mstch::array{mstch::map{{"title", std::string("Create a token")},
                               {"action", std::string("/admin/tokens")},
                               {"csrf", ctx.CsrfToken()},
                               {"button", std::string("Create")},
                               {"hidden", mstch::array{mstch::map{{"name", std::string("op")},
                                                                  {"value", std::string("create")}}}},
                               {"fields", mstch::array{Field("Name", "name", "", true),
                                                       Field("Role (admin, viewer, ingest)", "role",
                                                             "", true),
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
                  {"intro", "Copy it now; it is not shown again: " + token}};
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
      {"tables", mstch::array{Table("", {"Id", "Vulnerability", "Package", "Asset", "Team",
                                         "Reason", "Expires", "Author"},
                                    rows)}},
      {"forms",
       mstch::array{
           mstch::map{{"title", std::string("Suppress")},
                      {"action", std::string("/admin/suppressions")},
                      {"csrf", ctx.CsrfToken()},
                      {"button", std::string("Suppress")},
                      {"hidden", mstch::array{mstch::map{{"name", std::string("op")},
                                                         {"value", std::string("add")}}}},
                      {"fields", mstch::array{Field("Vulnerability (any alias)", "vulnerability", "",
                                                    true),
                                              Field("Package", "package"), Field("Asset", "asset"),
                                              Field("Team", "team"),
                                              Field("Reason", "reason", "", true),
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
    rows.push_back(Row({Cell(e.at), Cell(e.actor), Cell(e.action), Cell(e.detail), Cell(e.client)}));
  mstch::map data{{"heading", std::string("Audit log")},
                  {"tables", mstch::array{Table("", {"At", "Actor", "Action", "Detail", "Client"},
                                                rows)}}};
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
