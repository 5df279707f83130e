#include "report/findings.h"

#include <charconv>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vs::report {
namespace {

using nlohmann::ordered_json;

ordered_json ExploitDbIds(const std::vector<std::string>& ids) {
  ordered_json out = ordered_json::array();
  for (const std::string& id : ids) {
    long long n = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec == std::errc() && p == id.data() + id.size())
      out.push_back(n);
    else
      out.push_back(id);
  }
  return out;
}

ordered_json OrNull(const std::string& s) {
  return s.empty() ? ordered_json(nullptr) : ordered_json(s);
}

ordered_json AssetObject(const model::Asset& a) {
  return ordered_json{{"kind", model::AssetKindName(a.kind)},
                      {"name", a.name},
                      {"team", OrNull(a.team)},
                      {"account_id", OrNull(a.account_id)},
                      {"region", OrNull(a.region)},
                      {"instance_id", OrNull(a.instance_id)},
                      {"asg", OrNull(a.asg)},
                      {"repo", OrNull(a.repo)},
                      {"image", OrNull(a.image)},
                      {"namespaces", a.namespaces},
                      {"key", a.key},
                      {"members", a.members},
                      {"digest", OrNull(a.digest)},
                      {"workloads", a.workloads}};
}

ordered_json FindingObject(const store::FindingRow& f) {
  ordered_json j;
  j["id"] = f.id;
  j["vulnerability_id"] = f.vulnerability_id;
  j["aliases"] = f.aliases;
  j["severity"] = f.severity;
  j["cvss_score"] = f.cvss_score >= 0 ? ordered_json(f.cvss_score) : ordered_json(nullptr);
  j["status"] = f.status;
  j["source"] = f.source;
  j["first_seen"] = f.first_seen;
  j["last_seen"] = f.last_seen;
  j["fixed_version"] = OrNull(f.fixed_version);
  j["package"] = {
      {"ecosystem", f.package.ecosystem}, {"name", f.package.name}, {"version", f.package.version}};
  j["exploit"] = {{"exploitdb", ExploitDbIds(f.exploit.exploitdb)},
                  {"kev", f.exploit.kev},
                  {"poc", f.exploit.poc},
                  {"metasploit", f.exploit.metasploit},
                  {"epss", f.exploit.epss ? ordered_json(*f.exploit.epss) : ordered_json(nullptr)}};
  ordered_json asset = AssetObject(f.asset);
  asset["id"] = f.asset_id;
  j["asset"] = std::move(asset);
  j["resolved_at"] = OrNull(f.resolved_at);
  j["status_reason"] = OrNull(f.status_reason);
  j["summary"] = OrNull(f.summary);
  j["url"] = OrNull(f.url);
  return j;
}

ordered_json AssetRowObject(const store::AssetRow& r) {
  ordered_json j = AssetObject(r.asset);
  j["id"] = r.id;
  j["source"] = r.source;
  j["active"] = r.active;
  j["ami"] = OrNull(r.asset.ami);
  j["platform"] = OrNull(r.asset.platform);
  j["note"] = OrNull(r.asset.note);
  j["default_branch"] = OrNull(r.asset.default_branch);
  j["manifests"] = r.asset.manifests;
  j["tags"] = r.asset.tags;
  if (r.asset.os)
    j["os"] = {{"family", r.asset.os->family},
               {"release", r.asset.os->release},
               {"ecosystem", r.asset.os->ecosystem}};
  else
    j["os"] = nullptr;
  j["first_seen"] = r.first_seen;
  j["last_seen"] = r.last_seen;
  j["packages"] = r.packages;
  j["open_findings"] = r.open_findings;
  j["open_by_severity"] = r.open_by_severity;
  return j;
}

std::string CsvCell(std::string s) {
  // A leading = + - @ (or tab/CR) makes spreadsheets evaluate the cell (CSV injection).
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r'))
    s.insert(s.begin(), '\'');
  bool quote = s.find_first_of(",\"\r\n'") != std::string::npos;
  if (!quote) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string Clip(std::string s, size_t n) {
  if (s.size() > n) s = s.substr(0, n - 1) + "~";
  return s;
}

}  // namespace

std::string FindingJson(const store::FindingRow& row) { return FindingObject(row).dump(); }

std::string FindingsJson(const std::vector<store::FindingRow>& rows) {
  ordered_json arr = ordered_json::array();
  for (const auto& r : rows) arr.push_back(FindingObject(r));
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string FindingsCsv(const std::vector<store::FindingRow>& rows) {
  std::string out =
      "id,vulnerability_id,aliases,severity,cvss_score,status,source,first_seen,last_seen,"
      "fixed_version,ecosystem,package,version,exploitdb,kev,poc,metasploit,epss,asset_kind,"
      "asset_name,team,account_id,region,instance_id,asg,repo,image,namespaces\r\n";
  for (const auto& f : rows) {
    std::vector<std::string> cells = {std::to_string(f.id),
                                      f.vulnerability_id,
                                      Join(f.aliases, " "),
                                      f.severity,
                                      f.cvss_score >= 0 ? fmt::format("{:.1f}", f.cvss_score) : "",
                                      f.status,
                                      f.source,
                                      f.first_seen,
                                      f.last_seen,
                                      f.fixed_version,
                                      f.package.ecosystem,
                                      f.package.name,
                                      f.package.version,
                                      Join(f.exploit.exploitdb, " "),
                                      f.exploit.kev ? "true" : "false",
                                      f.exploit.poc ? "true" : "false",
                                      Join(f.exploit.metasploit, " "),
                                      f.exploit.epss ? fmt::format("{:.5f}", *f.exploit.epss) : "",
                                      std::string(model::AssetKindName(f.asset.kind)),
                                      f.asset.name,
                                      f.asset.team,
                                      f.asset.account_id,
                                      f.asset.region,
                                      f.asset.instance_id,
                                      f.asset.asg,
                                      f.asset.repo,
                                      f.asset.image,
                                      Join(f.asset.namespaces, " ")};
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += ',';
      out += CsvCell(cells[i]);
    }
    out += "\r\n";
  }
  return out;
}

std::string FindingsTable(const std::vector<store::FindingRow>& rows) {
  std::string out =
      fmt::format("{:<20} {:<9} {:<8} {:<28} {:<16} {:<10} {:<30} {}\n", "VULNERABILITY",
                  "SEVERITY", "EXPLOIT", "PACKAGE", "VERSION", "FIXED", "ASSET", "TEAM");
  for (const auto& f : rows) {
    std::string exploit = f.exploit.kev                   ? "KEV"
                          : !f.exploit.exploitdb.empty()  ? "EDB"
                          : !f.exploit.metasploit.empty() ? "MSF"
                          : f.exploit.poc                 ? "PoC"
                                                          : "-";
    out += fmt::format("{:<20} {:<9} {:<8} {:<28} {:<16} {:<10} {:<30} {}\n",
                       Clip(f.vulnerability_id, 20), f.severity, exploit, Clip(f.package.name, 28),
                       Clip(f.package.version, 16),
                       f.fixed_version.empty() ? "-" : Clip(f.fixed_version, 10),
                       Clip(f.asset.name, 30), f.asset.team.empty() ? "-" : f.asset.team);
  }
  out += fmt::format("{} finding(s)\n", rows.size());
  return out;
}

std::string AssetJson(const store::AssetRow& row) { return AssetRowObject(row).dump(); }

std::string AssetsJson(const std::vector<store::AssetRow>& rows) {
  ordered_json arr = ordered_json::array();
  for (const auto& r : rows) arr.push_back(AssetRowObject(r));
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string AssetsTable(const std::vector<store::AssetRow>& rows) {
  std::string out = fmt::format("{:<10} {:<36} {:<14} {:<14} {:>8} {:>6}\n", "KIND", "NAME", "TEAM",
                                "ACCOUNT", "PACKAGES", "OPEN");
  for (const auto& r : rows) {
    out += fmt::format(
        "{:<10} {:<36} {:<14} {:<14} {:>8} {:>6}\n", model::AssetKindName(r.asset.kind),
        Clip(r.asset.name, 36), r.asset.team.empty() ? "-" : Clip(r.asset.team, 14),
        r.asset.account_id.empty() ? "-" : r.asset.account_id, r.packages, r.open_findings);
  }
  out += fmt::format("{} asset(s)\n", rows.size());
  return out;
}

std::string AggregatesJson(const store::Aggregates& a) {
  auto rows = [](const std::vector<store::CountRow>& v) {
    ordered_json arr = ordered_json::array();
    for (const auto& r : v)
      arr.push_back({{"key", r.key}, {"count", r.count}, {"exploitable", r.exploitable}});
    return arr;
  };
  ordered_json j{{"open", a.open},
                 {"exploitable", a.exploitable},
                 {"kev", a.kev},
                 {"by_severity", rows(a.by_severity)},
                 {"by_team", rows(a.by_team)},
                 {"by_source", rows(a.by_source)},
                 {"by_kind", rows(a.by_kind)},
                 {"top_vulnerabilities", rows(a.top_vulnerabilities)}};
  ordered_json trend = ordered_json::array();
  for (const auto& r : a.trend) trend.push_back({{"day", r.key}, {"open", r.count}});
  j["trend"] = std::move(trend);
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace vs::report
