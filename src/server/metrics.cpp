// /healthz and /metrics (Prometheus text exposition 0.0.4). Label sets are bounded: severity,
// team, kind, source names — never a CVE or an asset.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

#include "core/time.h"
#include "server/handlers.h"

namespace vs::server {
namespace {

std::string Label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

double AgeSeconds(const std::string& rfc3339) {
  std::optional<int64_t> t = ParseRfc3339(rfc3339);
  return t ? static_cast<double>(static_cast<int64_t>(std::time(nullptr)) - *t) : -1;
}

}  // namespace

void Healthz(Ctx& ctx) {
  Result<int> v = ctx.store.SchemaVersion();
  if (!v) return ctx.Json(503, "{\"status\":\"store unavailable\"}");
  ctx.Json(200, "{\"status\":\"ok\",\"schema\":" + std::to_string(*v) + "}");
}

void Metrics(Ctx& ctx) {
  std::string out;
  store::FindingQuery q;
  q.scope_team = ctx.who.ScopeTeam();
  Result<store::Aggregates> agg = ctx.app.Aggregate(ctx.store, q, 0);
  if (!agg) return ctx.Error(500, agg.error().message);
  auto group = [&](const char* name, const char* help, const char* label,
                   const std::vector<store::CountRow>& rows) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n";
    for (const auto& r : rows)
      out += std::string(name) + "{" + label + "=\"" + Label(r.key) + "\"} " +
             std::to_string(r.count) + "\n";
  };
  group("vulnscope_open_findings_by_severity", "Open findings by severity.", "severity",
        agg->by_severity);
  group("vulnscope_open_findings_by_team", "Open findings by owning team (\"\" = unowned).", "team",
        agg->by_team);
  group("vulnscope_open_findings_by_kind", "Open findings by asset kind.", "kind", agg->by_kind);
  group("vulnscope_open_findings_by_source", "Open findings by finding source.", "source",
        agg->by_source);
  out +=
      "# HELP vulnscope_open_findings_by_exploit Open findings by exploit evidence.\n"
      "# TYPE vulnscope_open_findings_by_exploit gauge\n";
  out += "vulnscope_open_findings_by_exploit{exploit=\"any\"} " + std::to_string(agg->exploitable) +
         "\n";
  out += "vulnscope_open_findings_by_exploit{exploit=\"kev\"} " + std::to_string(agg->kev) + "\n";
  out += "vulnscope_open_findings_by_exploit{exploit=\"none\"} " +
         std::to_string(agg->open - agg->exploitable) + "\n";

  if (auto srcs = ctx.store.Sources()) {
    out +=
        "# HELP vulnscope_feed_age_seconds Seconds since a feed was last imported.\n"
        "# TYPE vulnscope_feed_age_seconds gauge\n";
    std::string failed;
    for (const auto& s : *srcs) {
      double age = AgeSeconds(s.imported_at);
      if (age >= 0)
        out += "vulnscope_feed_age_seconds{feed=\"" + Label(s.name) + "\"} " +
               std::to_string(static_cast<long long>(age)) + "\n";
      failed += "vulnscope_feed_last_update_failed{feed=\"" + Label(s.name) + "\"} " +
                (s.status == "failed" ? "1" : "0") + "\n";
    }
    out +=
        "# HELP vulnscope_feed_last_update_failed 1 when the last update of a feed failed.\n"
        "# TYPE vulnscope_feed_last_update_failed gauge\n" +
        failed;
  }
  if (auto runs = ctx.store.Runs("", 500)) {
    std::map<std::string, std::pair<double, std::string>> last;  // source → (age, status)
    std::map<std::string, double> last_ok;
    for (const auto& r : *runs) {
      if (!last.count(r.summary.source))
        last[r.summary.source] = {AgeSeconds(r.started_at), r.summary.status};
      if (r.summary.status == "ok" && !last_ok.count(r.summary.source))
        last_ok[r.summary.source] = AgeSeconds(r.finished_at);
    }
    out +=
        "# HELP vulnscope_collector_last_success_age_seconds Seconds since a collector last "
        "succeeded.\n# TYPE vulnscope_collector_last_success_age_seconds gauge\n";
    for (const auto& [src, age] : last_ok)
      out += "vulnscope_collector_last_success_age_seconds{source=\"" + Label(src) + "\"} " +
             std::to_string(static_cast<long long>(age)) + "\n";
    out +=
        "# HELP vulnscope_collector_last_run_ok 1 when the last run of a collector succeeded.\n"
        "# TYPE vulnscope_collector_last_run_ok gauge\n";
    for (const auto& [src, v] : last)
      out += "vulnscope_collector_last_run_ok{source=\"" + Label(src) + "\"} " +
             (v.second == "ok" ? "1" : "0") + "\n";
  }

  HttpMetrics& m = ctx.app.metrics();
  std::lock_guard<std::mutex> lock(m.mu);
  out +=
      "# HELP vulnscope_http_requests_total HTTP requests by route and status class.\n"
      "# TYPE vulnscope_http_requests_total counter\n";
  for (const auto& [key, n] : m.requests)
    out += "vulnscope_http_requests_total{route=\"" + key.first + "\",code=\"" +
           std::to_string(key.second) + "xx\"} " + std::to_string(n) + "\n";
  out +=
      "# HELP vulnscope_http_request_duration_seconds Request latency.\n"
      "# TYPE vulnscope_http_request_duration_seconds histogram\n";
  uint64_t cumulative = 0;
  for (size_t i = 0; i < std::size(HttpMetrics::kBuckets); ++i) {
    cumulative += m.buckets[i];
    char le[32];
    std::snprintf(le, sizeof le, "%g", HttpMetrics::kBuckets[i]);
    out += std::string("vulnscope_http_request_duration_seconds_bucket{le=\"") + le + "\"} " +
           std::to_string(cumulative) + "\n";
  }
  cumulative += m.buckets[std::size(HttpMetrics::kBuckets)];
  out += "vulnscope_http_request_duration_seconds_bucket{le=\"+Inf\"} " +
         std::to_string(cumulative) + "\n";
  char sum[64];
  std::snprintf(sum, sizeof sum, "%.6f", m.latency_sum);
  out += std::string("vulnscope_http_request_duration_seconds_sum ") + sum + "\n";
  out += "vulnscope_http_request_duration_seconds_count " + std::to_string(m.latency_count) + "\n";
  ctx.Text(200, out, "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace vs::server
