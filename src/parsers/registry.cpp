#include "parsers/registry.h"

#include <algorithm>
#include <array>
#include <string>

#include "parsers/alpine_secdb.h"
#include "parsers/apk_installed.h"
#include "parsers/cargo_lock.h"
#include "parsers/cisa_kev.h"
#include "parsers/composer_lock.h"
#include "parsers/cyclonedx.h"
#include "parsers/debian_dsa_list.h"
#include "parsers/debian_tracker.h"
#include "parsers/dependabot_alerts.h"
#include "parsers/dpkg_status.h"
#include "parsers/epss_csv.h"
#include "parsers/exploitdb_csv.h"
#include "parsers/exploitdb_cve_map.h"
#include "parsers/gemfile_lock.h"
#include "parsers/go_mod.h"
#include "parsers/go_sum.h"
#include "parsers/intel_csv.h"
#include "parsers/metasploit.h"
#include "parsers/npm_security_wg.h"
#include "parsers/nuget_lock.h"
#include "parsers/os_release.h"
#include "parsers/osv.h"
#include "parsers/package_lock.h"
#include "parsers/pipfile_lock.h"
#include "parsers/pnpm_lock.h"
#include "parsers/poc_csv.h"
#include "parsers/poc_in_github.h"
#include "parsers/poetry_lock.h"
#include "parsers/prometheus_query.h"
#include "parsers/prometheus_text.h"
#include "parsers/requirements_txt.h"
#include "parsers/rpm_qa.h"
#include "parsers/sarif.h"
#include "parsers/spdx.h"
#include "parsers/ssm_inventory.h"
#include "parsers/trivy_json.h"
#include "parsers/ubuntu_cve_tracker.h"
#include "parsers/uv_lock.h"
#include "parsers/victims.h"
#include "parsers/vuls_json.h"
#include "parsers/yarn_lock.h"
#include "parsers/yum_updateinfo.h"

namespace vs::parsers {
namespace {

// Sorted by key.
constexpr std::array kParsers = {
    Parser{"alpine_secdb", Kind::kAdvisory, "Alpine secdb JSON or YAML (secfixes per branch)",
           SniffAlpineSecdb, ParseAlpineSecdb},
    Parser{"apk_installed", Kind::kInventory, "apk database (lib/apk/db/installed)",
           SniffApkInstalled, ParseApkInstalled},
    Parser{"cargo_lock", Kind::kInventory, "Cargo.lock", SniffCargoLock, ParseCargoLock},
    Parser{"cisa_kev", Kind::kIntel, "CISA Known Exploited Vulnerabilities JSON or CSV",
           SniffCisaKev, ParseCisaKev},
    Parser{"composer_lock", Kind::kInventory, "composer.lock", SniffComposerLock,
           ParseComposerLock},
    Parser{"cyclonedx", Kind::kInventory, "CycloneDX 1.4–1.7 JSON SBOM", SniffCyclonedx,
           ParseCyclonedx},
    Parser{"debian_dsa_list", Kind::kAdvisory,
           "Debian security tracker DSA/DLA list (data/DSA/list)", SniffDebianDsaList,
           ParseDebianDsaList},
    Parser{"debian_tracker", Kind::kAdvisory, "Debian security tracker JSON", SniffDebianTracker,
           ParseDebianTracker},
    Parser{"dependabot_alerts", Kind::kReport,
           "GitHub Dependabot alerts REST API page (org, enterprise or repository)",
           SniffDependabotAlerts, ParseDependabotAlerts},
    Parser{"dpkg_status", Kind::kInventory, "dpkg status database", SniffDpkgStatus,
           ParseDpkgStatus},
    Parser{"epss_csv", Kind::kIntel, "FIRST EPSS scores CSV (or EPSS API JSON)", SniffEpssCsv,
           ParseEpssCsv},
    Parser{"exploitdb_csv", Kind::kIntel, "Exploit-DB files_exploits.csv", SniffExploitdbCsv,
           ParseExploitdbCsv},
    Parser{"exploitdb_cve_map", Kind::kIntel, "cve_searchsploit CVE <-> Exploit-DB id mapping JSON",
           SniffExploitdbCveMap, ParseExploitdbCveMap},
    Parser{"gemfile_lock", Kind::kInventory, "Gemfile.lock", SniffGemfileLock, ParseGemfileLock},
    Parser{"go_mod", Kind::kInventory, "go.mod", SniffGoMod, ParseGoMod},
    Parser{"go_sum", Kind::kInventory, "go.sum", SniffGoSum, ParseGoSum},
    Parser{"intel_csv", Kind::kIntel, "team intelligence CSV: cve,source,reference", SniffIntelCsv,
           ParseIntelCsv},
    Parser{"metasploit", Kind::kIntel, "Metasploit modules_metadata_base.json", SniffMetasploit,
           ParseMetasploit},
    Parser{"npm_security_wg", Kind::kAdvisory,
           "Node.js Security WG legacy npm advisories (vuln/npm)", SniffNpmSecurityWg,
           ParseNpmSecurityWg},
    Parser{"nuget_lock", Kind::kInventory, "NuGet packages.lock.json", SniffNugetLock,
           ParseNugetLock},
    Parser{"os_release", Kind::kInventory, "/etc/os-release", SniffOsRelease, ParseOsRelease},
    Parser{"osv", Kind::kAdvisory, "OSV JSON record, array or JSON Lines; OSV YAML record",
           SniffOsv, ParseOsv},
    Parser{"package_lock", Kind::kInventory, "npm package-lock.json v1–v3", SniffPackageLock,
           ParsePackageLock},
    Parser{"pipfile_lock", Kind::kInventory, "Pipfile.lock", SniffPipfileLock, ParsePipfileLock},
    Parser{"pnpm_lock", Kind::kInventory, "pnpm-lock.yaml", SniffPnpmLock, ParsePnpmLock},
    Parser{"poc_csv", Kind::kIntel, "public proof-of-concept list CSV (cve_id,...)", SniffPocCsv,
           ParsePocCsv},
    Parser{"poc_in_github", Kind::kIntel, "PoC-in-GitHub per-CVE repository list (CVE-….json)",
           SniffPocInGithub, ParsePocInGithub, ParsePocInGithubNamed},
    Parser{"poetry_lock", Kind::kInventory, "poetry.lock", SniffPoetryLock, ParsePoetryLock},
    Parser{"prometheus_query", Kind::kReport,
           "Prometheus /api/v1/query response with trivy vulnerability metrics",
           SniffPrometheusQuery, ParsePrometheusQuery},
    Parser{"prometheus_text", Kind::kReport,
           "Prometheus text exposition 0.0.4 with trivy vulnerability metrics", SniffPrometheusText,
           ParsePrometheusText},
    Parser{"requirements_txt", Kind::kInventory, "pip requirements.txt (pinned)",
           SniffRequirementsTxt, ParseRequirementsTxt},
    Parser{"rpm_qa", Kind::kInventory, "rpm -qa output", SniffRpmQa, ParseRpmQa},
    Parser{"sarif", Kind::kReport, "SARIF 2.1.0 log (OWASP ZAP and other web scanners, vulnscope)",
           SniffSarif, ParseSarif},
    Parser{"spdx", Kind::kInventory, "SPDX 2.3 JSON SBOM", SniffSpdx, ParseSpdx},
    Parser{"ssm_inventory", Kind::kReport,
           "AWS SSM Inventory Resource Data Sync object (JSON lines)", SniffSsmInventory,
           ParseSsmInventory},
    Parser{"trivy_json", Kind::kReport, "Trivy JSON report (SchemaVersion 2, legacy array)",
           SniffTrivyJson, ParseTrivyJson},
    Parser{"ubuntu_cve_tracker", Kind::kAdvisory, "Ubuntu CVE Tracker per-CVE file (active/CVE-*)",
           SniffUbuntuCveTracker, ParseUbuntuCveTracker},
    Parser{"uv_lock", Kind::kInventory, "uv.lock", SniffUvLock, ParseUvLock},
    Parser{"victims", Kind::kAdvisory, "victims CVE database records (Maven, PyPI; YAML or JSON)",
           SniffVictims, ParseVictims},
    Parser{"vuls_json", Kind::kReport, "Vuls scan/report result JSON (ScanResult or array)",
           SniffVulsJson, ParseVulsJson},
    Parser{"yarn_lock", Kind::kInventory, "yarn.lock v1 and berry", SniffYarnLock, ParseYarnLock},
    Parser{"yum_updateinfo", Kind::kAdvisory, "yum/dnf updateinfo.xml (ALAS, …)",
           SniffYumUpdateinfo, ParseYumUpdateinfo},
};

constexpr bool Sorted() {
  for (size_t i = 1; i < kParsers.size(); ++i)
    if (!(kParsers[i - 1].key < kParsers[i].key)) return false;
  return true;
}
static_assert(Sorted(), "kParsers must stay sorted by key");

}  // namespace

std::span<const Parser> AllParsers() { return kParsers; }

Result<const Parser*> FindParser(std::string_view key) {
  auto it = std::lower_bound(kParsers.begin(), kParsers.end(), key,
                             [](const Parser& p, std::string_view k) { return p.key < k; });
  if (it != kParsers.end() && it->key == key) return &*it;
  return Fail(ErrorCode::kUnsupported, "unknown format \"" + std::string(key) + "\"");
}

Result<const Parser*> DetectFormat(std::string_view head, std::string_view file_name) {
  const Parser* best = nullptr;
  int best_score = 0;
  for (const Parser& p : kParsers) {
    int score = p.sniff(head, file_name);
    if (score > best_score) {
      best = &p;
      best_score = score;
    }
  }
  if (best == nullptr) {
    return Fail(ErrorCode::kUnsupported,
                "unrecognised format" +
                    (file_name.empty() ? std::string() : " of " + std::string(file_name)));
  }
  return best;
}

}  // namespace vs::parsers
