#include "report/json.h"

#include <charconv>

#include <nlohmann/json.hpp>

namespace vs::report {
namespace {

using nlohmann::ordered_json;

// ExploitDB ids are integers in Exploit-DB's own CSV; keep them numeric in JSON.
ordered_json ExploitDbIds(const std::vector<std::string>& ids) {
  ordered_json out = ordered_json::array();
  for (const std::string& id : ids) {
    long long n = 0;
    auto [p, ec] = std::from_chars(id.data(), id.data() + id.size(), n);
    if (ec == std::errc() && p == id.data() + id.size()) {
      out.push_back(n);
    } else {
      out.push_back(id);
    }
  }
  return out;
}

}  // namespace

std::string WriteJson(const ScanReport& report) {
  ordered_json doc;
  doc["target"] = report.target;
  if (report.os) {
    doc["os"] = {{"family", report.os->family},
                 {"release", report.os->release},
                 {"ecosystem", report.os->ecosystem}};
  } else {
    doc["os"] = nullptr;
  }
  doc["packages"] = report.packages;
  ordered_json findings = ordered_json::array();
  for (const model::Finding& f : report.findings) {
    ordered_json j;
    j["vulnerability_id"] = f.vulnerability_id;
    j["aliases"] = f.aliases;
    j["severity"] = model::SeverityName(f.severity);
    j["cvss_score"] = f.cvss_score >= 0 ? ordered_json(f.cvss_score) : ordered_json(nullptr);
    j["cvss_vector"] = f.cvss_vector.empty() ? ordered_json(nullptr) : ordered_json(f.cvss_vector);
    ordered_json pkg{{"ecosystem", f.package.ecosystem},
                     {"name", f.package.name},
                     {"version", f.package.version}};
    if (!f.package.source_name.empty()) pkg["source_name"] = f.package.source_name;
    if (!f.package.purl.empty()) pkg["purl"] = f.package.purl;
    if (!f.package.location.empty()) pkg["location"] = f.package.location;
    j["package"] = std::move(pkg);
    j["fixed_version"] =
        f.fixed_version.empty() ? ordered_json(nullptr) : ordered_json(f.fixed_version);
    j["exploit"] = {
        {"exploitdb", ExploitDbIds(f.exploit.exploitdb)},
        {"kev", f.exploit.kev},
        {"poc", f.exploit.poc},
        {"metasploit", f.exploit.metasploit},
        {"epss", f.exploit.epss ? ordered_json(*f.exploit.epss) : ordered_json(nullptr)}};
    j["advisories"] = f.advisory_ids;
    j["summary"] = f.summary;
    findings.push_back(std::move(j));
  }
  doc["findings"] = std::move(findings);
  ordered_json warnings = ordered_json::array();
  for (const model::Warning& w : report.warnings)
    warnings.push_back({{"record", w.record}, {"reason", w.reason}});
  doc["warnings"] = std::move(warnings);
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace vs::report
