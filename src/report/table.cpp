#include "report/table.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace vs::report {
namespace {

std::string Clip(std::string_view s, size_t width) {
  std::string out(s.substr(0, s.size() <= width ? s.size() : width - 1));
  if (s.size() > width) out.push_back('~');
  return out;
}

std::string ExploitText(const model::ExploitInfo& e) {
  std::vector<std::string_view> parts;
  if (e.kev) parts.push_back("KEV");
  if (!e.exploitdb.empty()) parts.push_back("EDB");
  if (!e.metasploit.empty()) parts.push_back("MSF");
  if (e.poc) parts.push_back("PoC");
  if (!e.custom.empty()) parts.push_back("custom");
  return parts.empty() ? std::string("-") : fmt::format("{}", fmt::join(parts, ","));
}

}  // namespace

std::string WriteTable(const ScanReport& report) {
  std::string out;
  out += fmt::format("target: {}\n", report.target);
  if (report.os)
    out += fmt::format("os: {} {} ({})\n", report.os->family, report.os->release,
                       report.os->ecosystem);
  std::array<size_t, 6> counts{};
  for (const model::Finding& f : report.findings) ++counts[static_cast<size_t>(f.severity)];
  out += fmt::format(
      "packages: {}  findings: {} (critical {}, high {}, medium {}, low {}, unknown {})\n",
      report.packages, report.findings.size(), counts[5], counts[4], counts[3], counts[2],
      counts[0] + counts[1]);
  if (report.findings.empty()) return out;
  size_t wpkg = 7, wver = 9, wfix = 5, wid = 13;
  for (const model::Finding& f : report.findings) {
    wpkg = std::max(wpkg, std::min<size_t>(f.package.name.size(), 40));
    wver = std::max(wver, std::min<size_t>(f.package.version.size(), 30));
    wfix = std::max(wfix, std::min<size_t>(f.fixed_version.size(), 30));
    wid = std::max(wid, std::min<size_t>(f.vulnerability_id.size(), 28));
  }
  out += "\n";
  out += fmt::format("{:<{}}  {:<8}  {:>4}  {:<{}}  {:<{}}  {:<{}}  {:<13}  {}\n", "VULNERABILITY",
                     wid, "SEVERITY", "CVSS", "PACKAGE", wpkg, "INSTALLED", wver, "FIXED", wfix,
                     "EXPLOIT", "EPSS");
  for (const model::Finding& f : report.findings) {
    std::string cvss = f.cvss_score >= 0 ? fmt::format("{:.1f}", f.cvss_score) : "-";
    std::string epss = f.exploit.epss ? fmt::format("{:.3f}", *f.exploit.epss) : "-";
    out += fmt::format("{:<{}}  {:<8}  {:>4}  {:<{}}  {:<{}}  {:<{}}  {:<13}  {}\n",
                       Clip(f.vulnerability_id, 28), wid, model::SeverityName(f.severity), cvss,
                       Clip(f.package.name, 40), wpkg, Clip(f.package.version, 30), wver,
                       f.fixed_version.empty() ? "(no fix)" : Clip(f.fixed_version, 30), wfix,
                       ExploitText(f.exploit), epss);
  }
  return out;
}

}  // namespace vs::report
