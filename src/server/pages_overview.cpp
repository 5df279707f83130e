// The overview page: headline counts, severity and 90-day trend charts, teams, and the newest
// findings that can be exploited.
#include <map>

#include "server/charts.h"
#include "server/handlers.h"
#include "server/page_util.h"

namespace vs::server {
namespace {

constexpr int kTrendDays = 90;

}  // namespace

void OverviewPage(Ctx& ctx) {
  using page::Url;
  store::FindingQuery q;
  q.scope_team = ctx.who.ScopeTeam();
  Result<store::Aggregates> agg = ctx.app.Aggregate(ctx.store, q, kTrendDays);
  if (!agg) return ctx.Error(500, agg.error().message);
  std::map<std::string, int64_t> critical_by_team;
  for (const auto& r : agg->critical_by_team) critical_by_team[r.key] = r.count;

  std::vector<charts::Bar> bars;
  for (const auto& r : agg->by_severity)
    bars.push_back(
        {r.key, r.count, page::SeverityColor(r.key), "/findings?severity=" + Url(r.key)});
  std::vector<charts::Point> trend;
  for (const auto& r : agg->trend) trend.push_back({r.key, r.count});

  mstch::array teams;
  for (const auto& r : agg->by_team) {
    std::string label = page::TeamLabel(r.key);
    teams.push_back(mstch::map{{"team", label},
                               {"team_url", Url(label)},
                               {"open", std::to_string(r.count)},
                               {"exploitable", std::to_string(r.exploitable)},
                               {"critical", std::to_string(critical_by_team[r.key])}});
  }

  store::FindingQuery nq = q;
  nq.exploit = "any";
  nq.sort = "first_seen";
  nq.limit = 10;
  mstch::array newest;
  if (Result<store::FindingPage> np = ctx.store.SearchFindings(nq); np) {
    for (const auto& f : np->rows)
      newest.push_back(mstch::map{{"vulnerability_id", f.vulnerability_id},
                                  {"id_url", Url(f.vulnerability_id)},
                                  {"severity", f.severity},
                                  {"exploit", page::ExploitLabel(f.exploit)},
                                  {"package", f.package.name},
                                  {"version", f.package.version},
                                  {"asset", f.asset.name},
                                  {"asset_id", std::to_string(f.asset_id)},
                                  {"team", page::TeamLabel(f.asset.team)},
                                  {"first_seen", f.first_seen.substr(0, 10)}});
  } else {
    return ctx.Error(500, np.error().message);
  }
  mstch::array top;
  for (const auto& r : agg->top_vulnerabilities)
    top.push_back(mstch::map{{"id", r.key},
                             {"id_url", Url(r.key)},
                             {"assets", std::to_string(r.count)},
                             {"exploitable", r.exploitable > 0}});

  int64_t critical = 0;
  for (const auto& r : agg->by_severity)
    if (r.key == "critical") critical = r.count;
  mstch::map data{
      {"open", std::to_string(agg->open)},
      {"exploitable", std::to_string(agg->exploitable)},
      {"kev", std::to_string(agg->kev)},
      {"critical", std::to_string(critical)},
      {"days", std::to_string(kTrendDays)},
      {"severity_chart", charts::BarChart(bars, "Open findings by severity")},
      {"trend_chart", charts::LineChart(trend, "Open findings per day, last " +
                                                   std::to_string(kTrendDays) + " days")},
      {"teams", teams},
      {"newest", newest},
      {"top", top}};
  ctx.Html(200, RenderPage(ctx, "overview", "Overview", data));
}

}  // namespace vs::server
