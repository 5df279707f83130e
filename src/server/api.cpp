// The JSON API under /api/v1: the same filters and JSON as `vulnscope search`.
#include <set>

#include <nlohmann/json.hpp>

#include "report/findings.h"
#include "server/handlers.h"
#include "server/page_util.h"
#include "server/vulnerability.h"

namespace vs::server {
namespace {

using nlohmann::ordered_json;

}  // namespace

void ApiFindings(Ctx& ctx) {
  Result<store::FindingQuery> q = FindingQueryFromParams(ctx);
  if (!q) return ctx.Error(400, q.error().message);
  Result<store::FindingPage> page = ctx.store.SearchFindings(*q);
  if (!page) {
    return ctx.Error(page.error().code == ErrorCode::kInvalidInput ? 400 : 500,
                     page.error().message);
  }
  // The body is the same array as `search --format json`; the cursor of the next page rides
  // in a Link header and X-Next-Cursor.
  if (!page->next.empty()) {
    std::string query = page::QueryString(ctx.req, {"after"});
    std::string target =
        ctx.req.path + "?" + query + (query.empty() ? "" : "&") + "after=" + page::Url(page->next);
    ctx.res.set_header("Link", "<" + target + ">; rel=\"next\"");
    ctx.res.set_header("X-Next-Cursor", page->next);
  }
  ctx.Json(200, report::FindingsJson(page->rows));
}

void ApiAssets(Ctx& ctx) {
  store::AssetQuery q;
  q.kind = ctx.Param("kind");
  q.team = ctx.Param("team");
  q.search = ctx.Param("q");
  q.include_retired = ctx.Param("all") == "1" || ctx.Param("all") == "true";
  q.scope_team = ctx.who.ScopeTeam();
  Result<std::vector<store::AssetRow>> rows = ctx.store.ListAssets(q);
  if (!rows) return ctx.Error(500, rows.error().message);
  ctx.Json(200, report::AssetsJson(*rows));
}

void ApiAsset(Ctx& ctx) {
  store::AssetQuery q;
  q.id = std::stoll(ctx.req.matches[1]);
  q.scope_team = ctx.who.ScopeTeam();
  Result<std::vector<store::AssetRow>> rows = ctx.store.ListAssets(q);
  if (!rows) return ctx.Error(500, rows.error().message);
  if (rows->empty()) return ctx.Error(404, "no such asset");
  Result<std::vector<model::Package>> pkgs = ctx.store.AssetPackages(q.id);
  if (!pkgs) return ctx.Error(500, pkgs.error().message);
  ordered_json j = ordered_json::parse(report::AssetJson(rows->front()));
  ordered_json p = ordered_json::array();
  for (const model::Package& pkg : *pkgs)
    p.push_back({{"ecosystem", pkg.ecosystem},
                 {"name", pkg.name},
                 {"version", pkg.version},
                 {"source_name", pkg.source_name}});
  j["package_list"] = std::move(p);
  ctx.Json(200, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

void ApiAggregates(Ctx& ctx) {
  Result<store::FindingQuery> q = FindingQueryFromParams(ctx);
  if (!q) return ctx.Error(400, q.error().message);
  int days = ctx.Param("days").empty() ? 90 : std::atoi(ctx.Param("days").c_str());
  if (days < 0 || days > 730) return ctx.Error(400, "days must be between 0 and 730");
  Result<store::Aggregates> a = ctx.app.Aggregate(ctx.store, *q, days);
  if (!a)
    return ctx.Error(a.error().code == ErrorCode::kInvalidInput ? 400 : 500, a.error().message);
  ctx.Json(200, report::AggregatesJson(*a));
}

void ApiVulnerability(Ctx& ctx) {
  Result<Vulnerability> v = FindVulnerability(ctx.store, ctx.req.matches[1], ctx.who.ScopeTeam());
  if (!v) return ctx.Error(500, v.error().message);
  if (v->Unknown())
    return ctx.Error(404, "unknown vulnerability " + std::string(ctx.req.matches[1]));
  std::set<int64_t> assets;
  for (const auto& f : v->findings)
    if (f.status == "open") assets.insert(f.asset_id);
  ordered_json j{{"id", v->title}, {"aliases", ordered_json::array()}};
  for (const std::string& a : v->ids)
    if (a != v->title) j["aliases"].push_back(a);
  j["affected_assets"] = assets.size();
  ordered_json advisories = ordered_json::array();
  for (const model::Advisory& a : v->advisories) {
    ordered_json refs = ordered_json::array();
    for (const model::Reference& r : a.references)
      refs.push_back({{"type", r.type}, {"url", r.url}});
    advisories.push_back(
        {{"id", a.id},
         {"source", a.source},
         {"aliases", a.aliases},
         {"severity", model::SeverityName(a.severity)},
         {"cvss_score", a.cvss_score > 0 ? ordered_json(a.cvss_score) : ordered_json()},
         {"cvss_vector", a.cvss_vector},
         {"summary", a.summary},
         {"published", a.published},
         {"modified", a.modified},
         {"references", std::move(refs)}});
  }
  j["advisories"] = std::move(advisories);
  // The findings are the array `search --format json` writes, spliced in as written: a
  // widespread CVE has thousands.
  std::string body = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  body.resize(body.rfind('}'));
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  body += ",\n  \"findings\": ";
  body += report::FindingsJson(v->findings);
  body += "\n}";
  ctx.Json(200, body);
}

void ApiSources(Ctx& ctx) {
  ordered_json j;
  ordered_json feeds = ordered_json::array();
  Result<std::vector<store::SourceInfo>> srcs = ctx.store.Sources();
  if (!srcs) return ctx.Error(500, srcs.error().message);
  for (const auto& s : *srcs)
    feeds.push_back({{"name", s.name},
                     {"format", s.format},
                     {"imported_at", s.imported_at},
                     {"advisories", s.advisories},
                     {"exploits", s.exploits},
                     {"epss", s.epss},
                     {"status", s.status},
                     {"error", s.error}});
  ordered_json runs = ordered_json::array();
  Result<std::vector<store::RunInfo>> r = ctx.store.Runs("", 200);
  if (!r) return ctx.Error(500, r.error().message);
  for (const auto& run : *r)
    runs.push_back({{"id", run.summary.run_id},
                    {"source", run.summary.source},
                    {"scope", run.scope},
                    {"started_at", run.started_at},
                    {"finished_at", run.finished_at},
                    {"status", run.summary.status},
                    {"error", run.summary.error},
                    {"assets", run.summary.assets},
                    {"opened", run.summary.opened},
                    {"resolved", run.summary.resolved}});
  j["feeds"] = std::move(feeds);
  j["runs"] = std::move(runs);
  ctx.Json(200, j.dump(2));
}

}  // namespace vs::server
