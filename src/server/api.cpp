// The JSON API under /api/v1: the same filters and JSON as `vulnscope search`.
#include <nlohmann/json.hpp>

#include "report/findings.h"
#include "server/handlers.h"

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
    std::string target = ctx.req.path + "?";
    for (const auto& [k, v] : ctx.req.params)
      if (k != "after")
        target += httplib::detail::encode_query_param(k) + "=" +
                  httplib::detail::encode_query_param(v) + "&";
    target += "after=" + httplib::detail::encode_query_param(page->next);
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
  std::string id = ctx.req.matches[1];
  store::FindingQuery q;
  q.vulnerability = id;
  q.statuses = {"all"};
  q.limit = 10000;
  q.scope_team = ctx.who.ScopeTeam();
  Result<store::FindingPage> page = ctx.store.SearchFindings(q);
  if (!page) return ctx.Error(500, page.error().message);
  // Advisory details from the advisory store (any alias).
  ordered_json advisories = ordered_json::array();
  std::set<std::string> ids = {id};
  for (const auto& f : page->rows) {
    ids.insert(f.vulnerability_id);
    ids.insert(f.aliases.begin(), f.aliases.end());
  }
  ordered_json findings = ordered_json::parse(report::FindingsJson(page->rows));
  std::set<int64_t> assets;
  for (const auto& f : page->rows)
    if (f.status == "open") assets.insert(f.asset_id);
  ordered_json j{{"id", page->rows.empty() ? id : page->rows.front().vulnerability_id},
                 {"aliases", ordered_json::array()},
                 {"affected_assets", assets.size()},
                 {"findings", std::move(findings)}};
  for (const std::string& a : ids)
    if (a != j["id"].get<std::string>()) j["aliases"].push_back(a);
  ctx.Json(200, j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
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
