#include "report/sarif.h"

#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace vs::report {
namespace {

using nlohmann::ordered_json;

// SARIF result.level: GitHub maps error/warning/note to its alert levels.
const char* Level(model::Severity s) {
  switch (s) {
    case model::Severity::kCritical:
    case model::Severity::kHigh: return "error";
    case model::Severity::kMedium: return "warning";
    default: return "note";
  }
}

// GitHub code scanning reads properties.security-severity (a CVSS-like number as a string);
// none for an unrated finding, which "0.0" would turn into a rated "none".
std::string SecuritySeverity(const model::Finding& f) {
  if (f.cvss_score >= 0) return fmt::format("{:.1f}", f.cvss_score);
  switch (f.severity) {
    case model::Severity::kCritical: return "9.5";
    case model::Severity::kHigh: return "8.0";
    case model::Severity::kMedium: return "5.5";
    case model::Severity::kLow: return "2.0";
    case model::Severity::kNone: return "0.0";
    default: return "";
  }
}

std::string HelpUri(const std::string& id) {
  if (id.rfind("CVE-", 0) == 0) return "https://nvd.nist.gov/vuln/detail/" + id;
  return "https://osv.dev/vulnerability/" + id;
}

}  // namespace

std::string WriteSarif(const ScanReport& report) {
  ordered_json rules = ordered_json::array();
  std::map<std::string, size_t> rule_index;
  ordered_json results = ordered_json::array();
  for (const model::Finding& f : report.findings) {
    auto [it, added] = rule_index.emplace(f.vulnerability_id, rule_index.size());
    if (added) {
      std::string text = f.summary.empty() ? f.vulnerability_id : f.summary;
      ordered_json props;
      if (std::string sev = SecuritySeverity(f); !sev.empty()) props["security-severity"] = sev;
      props["tags"] =
          ordered_json::array({"security", "vulnerability", model::SeverityName(f.severity)});
      rules.push_back(
          {{"id", f.vulnerability_id},
           {"name", f.vulnerability_id},
           {"shortDescription", {{"text", text}}},
           {"fullDescription", {{"text", text}}},
           {"helpUri", HelpUri(f.vulnerability_id)},
           {"help", {{"text", fmt::format("{} (aliases: {})", text, fmt::join(f.aliases, ", "))}}},
           {"properties", std::move(props)}});
    }
    std::string uri = f.package.location.empty() ? report.target : f.package.location;
    std::string message = fmt::format(
        "{} {} is affected by {} ({}); {}.", f.package.name, f.package.version, f.vulnerability_id,
        model::SeverityName(f.severity),
        f.fixed_version.empty() ? "no fixed version yet" : "fixed in " + f.fixed_version);
    if (f.exploit.kev)
      message += " Known exploited (CISA KEV).";
    else if (f.exploit.Any())
      message += " Public exploit code exists.";
    results.push_back(
        {{"ruleId", f.vulnerability_id},
         {"ruleIndex", it->second},
         {"level", Level(f.severity)},
         {"message", {{"text", message}}},
         {"locations",
          ordered_json::array({{{"physicalLocation", {{"artifactLocation", {{"uri", uri}}}}}}})},
         {"partialFingerprints",
          {{"vulnscope/v1",
            fmt::format("{}|{}|{}", f.vulnerability_id, f.package.ecosystem, f.package.name)}}},
         {"properties",
          {{"package", f.package.name},
           {"installedVersion", f.package.version},
           {"severity", model::SeverityName(f.severity)},
           {"cvssScore", f.cvss_score >= 0 ? ordered_json(f.cvss_score) : ordered_json()},
           {"aliases", f.aliases},
           {"fixedVersion", f.fixed_version},
           {"ecosystem", f.package.ecosystem},
           {"kev", f.exploit.kev},
           {"exploitdb", f.exploit.exploitdb},
           {"poc", f.exploit.poc}}}});
  }
  ordered_json doc{{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                   {"version", "2.1.0"},
                   {"runs", ordered_json::array(
                                {{{"tool",
                                   {{"driver",
                                     {{"name", "vulnscope"},
                                      {"informationUri", "https://github.com/vulnscope/vulnscope"},
                                      {"semanticVersion", VS_VERSION_STRING},
                                      {"rules", std::move(rules)}}}}},
                                  {"results", std::move(results)}}})}};
  return doc.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace vs::report
