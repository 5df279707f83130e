// SARIF 2.1.0 logs (OASIS sarif-v2.1.0) from web-application scanners such as OWASP ZAP (its
// "sarif-json" report), and from dependency scanners such as vulnscope itself (report/sarif.cpp)
// → model::AssetReport per scanned web application (or per run for non-web results).
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is a SARIF log: a JSON object with "runs" and a SARIF "$schema"
// or "version": "2.1.0" (90).
int SniffSarif(std::string_view head, std::string_view file_name);

// Each result is located by webRequest.target, else the first
// locations[].physicalLocation.artifactLocation.uri. Results at an absolute http(s) URL go to a
// webapp asset keyed by its base URL "scheme://host[:port]" (lower-case, default port dropped);
// the finding is vulnerability_id = the first CVE id in the rule id, rule name or message, else
// "<tool>:<ruleId>" (tool "zap" for ZAP, else the driver name lower-cased with '-' for spaces),
// with "<tool>:<ruleId>" as alias when a CVE was found; package {ecosystem "web", name = rule
// name, location = the URL}; external_id "<ruleId> <url>" (duplicates dropped); url = rule
// helpUri. Other results (vulnscope, Trivy) go to one host asset per run keyed by
// run.automationDetails.id, else the first result's URI; vulnscope's result properties
// (package, installedVersion, fixedVersion, ecosystem) fill the package and fixed version, and a
// CVE/GHSA rule id is used as is. Severity: properties "security-severity" (result, then rule)
// as a CVSS-like score, else the level (result, rule defaultConfiguration, SARIF default
// "warning"): error → high, warning → medium, note → low, none → none. Results with accepted
// suppressions are "suppressed" with the justification. CWE ids (rule properties "cwe"/"cweid",
// "CWE-…"/"external/cwe/cwe-…" tags, or CWE relationships) go into aliases. Warnings: results
// without rule id or location, unknown levels, runs without a driver name. Returns
// kInvalidInput when the document is not JSON, has no "runs" array, or a version other than 2.x.
Result<model::Batch> ParseSarif(std::string_view bytes);

}  // namespace vs::parsers
