// The assets list and one asset: facts, findings, history and packages.
#include "server/handlers.h"
#include "server/page_util.h"

namespace vs::server {
namespace {

using page::Url;

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// Where an asset lives, in one cell: account/region, repository or image.
std::string WhereOf(const model::Asset& a) {
  if (!a.account_id.empty()) return a.account_id + (a.region.empty() ? "" : " / " + a.region);
  if (!a.repo.empty()) return a.repo;
  if (!a.image.empty()) return a.image;
  return a.key;
}

}  // namespace

void AssetsPage(Ctx& ctx) {
  store::AssetQuery q;
  q.kind = ctx.Param("kind");
  q.team = ctx.Param("team");
  q.search = ctx.Param("q");
  q.scope_team = ctx.who.ScopeTeam();
  if (!q.kind.empty() && !model::ParseAssetKind(q.kind))
    return ctx.Error(400, "unknown asset kind '" + q.kind + "'");
  Result<std::vector<store::AssetRow>> rows = ctx.store.ListAssets(q);
  if (!rows) return ctx.Error(500, rows.error().message);
  mstch::array out;
  for (const auto& r : *rows) {
    auto sev = [&](const char* s) {
      auto it = r.open_by_severity.find(s);
      return std::to_string(it == r.open_by_severity.end() ? 0 : it->second);
    };
    out.push_back(mstch::map{{"id", std::to_string(r.id)},
                             {"kind", std::string(model::AssetKindName(r.asset.kind))},
                             {"name", r.asset.name},
                             {"team", page::TeamLabel(r.asset.team)},
                             {"where", WhereOf(r.asset)},
                             {"packages", std::to_string(r.packages)},
                             {"open", std::to_string(r.open_findings)},
                             {"critical", sev("critical")},
                             {"high", sev("high")},
                             {"last_seen", r.last_seen.substr(0, 10)}});
  }
  mstch::map data{{"q", q.search},
                  {"team_filter", q.team},
                  {"kinds", page::Options({{"", "any"},
                                           {"ec2", "EC2"},
                                           {"host", "host"},
                                           {"repository", "repository"},
                                           {"image", "image"},
                                           {"webapp", "web app"}},
                                          {q.kind})},
                  {"count", std::to_string(rows->size())},
                  {"rows", out}};
  ctx.Html(200, RenderPage(ctx, "assets", "Assets", data));
}

void AssetPage(Ctx& ctx) {
  store::AssetQuery q;
  q.id = std::stoll(ctx.req.matches[1]);
  q.include_retired = true;
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
  if (!page) return ctx.Error(500, page.error().message);
  Result<std::vector<model::Package>> pkgs = ctx.store.AssetPackages(a.id);
  if (!pkgs) return ctx.Error(500, pkgs.error().message);
  Result<std::vector<store::FindingEvent>> events = ctx.store.FindingHistory(a.id, 200);
  if (!events) return ctx.Error(500, events.error().message);

  mstch::array facts;
  auto fact = [&](const std::string& k, const std::string& v) {
    if (!v.empty()) facts.push_back(mstch::map{{"k", k}, {"v", v}});
  };
  fact("Key", a.asset.key);
  fact("Team", page::TeamLabel(a.asset.team));
  fact("Reported by", a.source);
  fact("AWS account", a.asset.account_id);
  fact("Region", a.asset.region);
  fact("Instance", a.asset.instance_id);
  fact("AMI", a.asset.ami);
  fact("Platform", a.asset.platform);
  fact("Auto-scaling group", a.asset.asg);
  fact("Members", Join(a.asset.members));
  fact("Repository", a.asset.repo);
  fact("Default branch", a.asset.default_branch);
  fact("Manifests", Join(a.asset.manifests));
  fact("Image", a.asset.image);
  fact("Digest", a.asset.digest);
  fact("Namespaces", Join(a.asset.namespaces));
  fact("Workloads", Join(a.asset.workloads));
  if (a.asset.os) fact("OS", a.asset.os->family + " " + a.asset.os->release);
  for (const auto& [k, v] : a.asset.tags) fact("Tag " + k, v);
  fact("Note", a.asset.note);
  fact("First seen", a.first_seen);
  fact("Last seen", a.last_seen);

  mstch::array findings;
  int64_t exploitable = 0, critical = 0;
  for (const auto& f : page->rows) {
    if (f.status == "open") {
      exploitable += f.exploit.Any() ? 1 : 0;
      critical += f.severity == "critical" ? 1 : 0;
    }
    findings.push_back(
        mstch::map{{"vulnerability_id", f.vulnerability_id},
                   {"id_url", Url(f.vulnerability_id)},
                   {"severity", f.severity},
                   {"exploit", page::ExploitLabel(f.exploit)},
                   {"package", f.package.name},
                   {"version", f.package.version},
                   {"fixed", f.fixed_version.empty() ? std::string("no fix yet") : f.fixed_version},
                   {"status", f.status},
                   {"first_seen", f.first_seen.substr(0, 10)},
                   {"resolved", f.resolved_at.substr(0, 10)}});
  }
  mstch::array history;
  for (const auto& e : *events)
    history.push_back(mstch::map{{"at", e.at.substr(0, 19)},
                                 {"state", e.state},
                                 {"vulnerability_id", e.vulnerability_id},
                                 {"id_url", Url(e.vulnerability_id)},
                                 {"package", e.package},
                                 {"version", e.version},
                                 {"reason", e.reason}});
  mstch::array packages;
  for (const auto& p : *pkgs)
    packages.push_back(mstch::map{{"ecosystem", p.ecosystem},
                                  {"name", p.name},
                                  {"version", p.version},
                                  {"source", p.source_name}});
  mstch::map data{{"id", std::to_string(a.id)},
                  {"name", a.asset.name},
                  {"kind", std::string(model::AssetKindName(a.asset.kind))},
                  {"active", a.active},
                  {"open", std::to_string(a.open_findings)},
                  {"exploitable", std::to_string(exploitable)},
                  {"critical", std::to_string(critical)},
                  {"package_count", std::to_string(pkgs->size())},
                  {"facts", facts},
                  {"findings", findings},
                  {"history", history},
                  {"packages", packages}};
  ctx.Html(200, RenderPage(ctx, "asset", a.asset.name, data));
}

}  // namespace vs::server
