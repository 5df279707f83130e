// The findings page (every search filter, sortable columns, keyset pages, exports) and the
// CSV / JSON exports. The filter state lives in the URL so a link can be sent to a team.
#include <fmt/format.h>

#include "report/findings.h"
#include "server/handlers.h"
#include "server/page_util.h"

namespace vs::server {
namespace {

using page::Options;
using page::QueryString;
using page::Url;

struct Column {
  const char* label;
  const char* sort;  // nullptr: not sortable.
  bool num = false;
};

constexpr Column kColumns[] = {
    {"Vulnerability", nullptr}, {"Severity", "severity"},     {"Exploit", nullptr},
    {"EPSS", "epss", true},     {"Package", "package"},       {"Installed", nullptr},
    {"Fixed", nullptr},         {"Asset", nullptr},           {"Team", nullptr},
    {"Status", nullptr},        {"First seen", "first_seen"},
};

mstch::array Columns(const Ctx& ctx, const store::FindingQuery& q) {
  std::string base = QueryString(ctx.req, {"sort", "order", "after"});
  mstch::array out;
  for (const Column& c : kColumns) {
    mstch::map m{{"label", std::string(c.label)}, {"num", c.num}};
    if (c.sort != nullptr) {
      bool active = q.sort == c.sort;
      // Clicking the active column flips its order; a new column starts descending (worst,
      // newest, most likely first), except the package name, which reads best A→Z.
      bool asc = active ? !q.ascending : std::string_view(c.sort) == "package";
      m["href"] =
          base + (base.empty() ? "" : "&") + "sort=" + c.sort + "&order=" + (asc ? "asc" : "desc");
      m["active"] = active;
      m["arrow"] = std::string(q.ascending ? "▲" : "▼");
    }
    out.push_back(std::move(m));
  }
  return out;
}

// The exploit label without KEV, which has its own badge.
std::string ExploitBesidesKev(model::ExploitInfo e) {
  bool kev = e.kev;
  e.kev = false;
  std::string label = page::ExploitLabel(e);
  return kev && label == "—" ? std::string() : label;
}

// The table body, one <tr> per finding, byte for byte what a {{#rows}} loop in findings.html
// rendered, with every value escaped as {{x}} escapes it: mstch took more CPU for 100 rows
// (a map of 18 strings each, copied several times) than all the rest of the request.
std::string RowsHtml(const std::vector<store::FindingRow>& rows) {
  std::string out;
  out.reserve(rows.size() * 640);
  auto esc = [&out](std::string_view s) { page::AppendEscaped(out, s); };
  for (const store::FindingRow& f : rows) {
    out += "  <tr>\n    <td><a href=\"/vulnerabilities/";
    esc(Url(f.vulnerability_id));
    out += "\">";
    esc(f.vulnerability_id);
    out += "</a>";
    if (!f.summary.empty()) {
      out += "<div class=\"summary\">";
      if (f.summary.size() > 140) {
        esc(std::string_view(f.summary).substr(0, 137));
        out += "…";
      } else {
        esc(f.summary);
      }
      out += "</div>";
    }
    out += "</td>\n    <td><span class=\"sev sev-";
    esc(f.severity);
    out += "\">";
    esc(f.severity);
    out += "</span>";
    if (f.cvss_score >= 0) {
      out += " <span class=\"cvss\">";
      esc(fmt::format("{:.1f}", f.cvss_score));
      out += "</span>";
    }
    out += "</td>\n    <td>";
    if (f.exploit.kev) out += "<span class=\"tag tag-kev\">KEV</span> ";
    esc(ExploitBesidesKev(f.exploit));
    out += "</td>\n    <td class=\"num\">";
    esc(f.exploit.epss ? fmt::format("{:.3f}", *f.exploit.epss) : std::string("—"));
    out += "</td>\n    <td>";
    esc(f.package.name);
    out += "<div class=\"eco\">";
    esc(f.package.ecosystem);
    out += "</div></td>\n    <td class=\"ver\">";
    esc(f.package.version);
    out += "</td>\n    <td class=\"ver\">";
    esc(f.fixed_version.empty() ? std::string_view("no fix yet") : f.fixed_version);
    out += "</td>\n    <td><a href=\"/assets/";
    esc(std::to_string(f.asset_id));
    out += "\">";
    esc(f.asset.name);
    out += "</a><div class=\"eco\">";
    esc(model::AssetKindName(f.asset.kind));
    out += "</div></td>\n    <td>";
    esc(page::TeamLabel(f.asset.team));
    out += "</td>\n    <td>";
    esc(f.status);
    out += "</td>\n    <td>";
    esc(std::string_view(f.first_seen).substr(0, 10));
    out += "</td>\n  </tr>\n";
  }
  return out;
}

}  // namespace

void FindingsPage(Ctx& ctx) {
  Result<store::FindingQuery> q = FindingQueryFromParams(ctx);
  if (!q) return ctx.Error(400, q.error().message);
  Result<store::FindingPage> page = ctx.store.SearchFindings(*q);
  if (!page)
    return ctx.Error(page.error().code == ErrorCode::kInvalidInput ? 400 : 500,
                     page.error().message);
  mstch::map qmap;
  for (const char* k : {"cve", "repo", "account", "instance", "image", "namespace", "team",
                        "package", "ecosystem", "epss", "since"})
    qmap[k] = ctx.Param(k);
  std::string next, first;
  if (!page->next.empty()) {
    next = QueryString(ctx.req, {"after"});
    next += (next.empty() ? "" : "&") + std::string("after=") + Url(page->next);
  }
  if (!ctx.Param("after").empty()) {
    first = QueryString(ctx.req, {"after"});
    if (first.empty()) first = "status=open";
  }
  mstch::map data{
      {"q", qmap},
      {"exploits", Options({{"", "any or none"},
                            {"any", "any exploit"},
                            {"kev", "CISA KEV"},
                            {"exploitdb", "Exploit-DB"},
                            {"metasploit", "Metasploit"},
                            {"poc", "public PoC"},
                            {"none", "no known exploit"}},
                           {ctx.Param("exploit")})},
      {"severities", Options({{"critical", "critical"},
                              {"high", "high"},
                              {"medium", "medium"},
                              {"low", "low"},
                              {"unknown", "unknown"}},
                             q->severities)},
      {"sources", Options({{"", "any"},
                           {"vulnscope", "vulnscope (our matcher)"},
                           {"dependabot", "Dependabot"},
                           {"trivy", "Trivy"},
                           {"vuls", "Vuls"},
                           {"sarif", "SARIF"}},
                          {ctx.Param("source")})},
      {"statuses",
       Options(
           {{"", "open"}, {"suppressed", "suppressed"}, {"resolved", "resolved"}, {"all", "all"}},
           q->statuses)},
      {"kinds", Options({{"", "any"},
                         {"ec2", "EC2"},
                         {"host", "host"},
                         {"repository", "repository"},
                         {"image", "image"},
                         {"webapp", "web app"}},
                        {ctx.Param("kind")})},
      {"fixes",
       Options({{"", "any"}, {"yes", "fix available"}, {"no", "no fix yet"}}, {ctx.Param("fix")})},
      {"sort", ctx.Param("sort")},
      {"order", ctx.Param("order")},
      {"columns", Columns(ctx, *q)},
      {"rows_html", RowsHtml(page->rows)},
      {"count", std::to_string(page->rows.size())},
      {"more", !page->next.empty()},
      {"query", QueryString(ctx.req, {"after"})},
      {"next", next},
      {"first", first}};
  ctx.Html(200, RenderPage(ctx, "findings", "Findings", std::move(data)));
}

void FindingsExport(Ctx& ctx) {
  Result<store::FindingQuery> q = FindingQueryFromParams(ctx);
  if (!q) return ctx.Error(400, q.error().message);
  if (ctx.Param("limit").empty()) q->limit = 10000;
  Result<store::FindingPage> page = ctx.store.SearchFindings(*q);
  if (!page) return ctx.Error(400, page.error().message);
  bool csv = ctx.req.matches[1] == "csv";
  ctx.res.set_header("Content-Disposition", csv ? "attachment; filename=\"findings.csv\""
                                                : "attachment; filename=\"findings.json\"");
  if (!page->next.empty()) ctx.res.set_header("X-Next-Cursor", page->next);
  ctx.Audit("export", csv ? "csv" : "json");
  if (csv)
    ctx.Text(200, report::FindingsCsv(page->rows), "text/csv; charset=utf-8");
  else
    ctx.Json(200, report::FindingsJson(page->rows));
}

}  // namespace vs::server
