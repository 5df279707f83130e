// GitHub Dependabot alerts (formats.md §4): one page of the REST API's alert list — an org
// or enterprise page (alerts carry `repository`), a repository page, or a single alert — →
// one AssetReport per repository holding one ExternalFinding per alert.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is a Dependabot alert list: a JSON array (or a single object) whose
// first alert has `security_advisory` and `security_vulnerability` members (90).
int SniffDependabotAlerts(std::string_view head, std::string_view file_name);

// Parses one response body. Each repository becomes an AssetReport (kind repository, key
// "<host>/<owner>/<name>" where host is the web host — "github.com", or a GHES host —, repo
// "owner/name", manifests = the alerts' manifest paths, sorted; has_inventory = false) in
// order of first appearance. Each alert becomes an ExternalFinding:
//   vulnerability_id = the CVE when there is one, else the GHSA id; aliases = the other ids;
//   severity (`medium`/`moderate` → medium; an unknown word warns and falls back to the CVSS
//   score); cvss = cvss_severities.cvss_v3, else cvss_v4, else the legacy `cvss`; epss =
//   epss.percentage (a number or a string such as "0.16001e0"); package = dependency.package
//   with the ecosystem in OSV spelling (pip → PyPI, …; an unknown one warns and is kept as
//   given) and location = manifest_path; vulnerable_range / fixed_version from
//   security_vulnerability; dependency_scope; url = html_url; external_id = alert number;
//   status from state: open → open, fixed → resolved, dismissed → suppressed (reason
//   "<dismissed_reason>: <dismissed_comment>"), auto_dismissed → suppressed (an unknown state
//   warns and stays open, so nothing is resolved by mistake).
// Alerts without a number, repository or advisory id, and repeated alerts, are skipped with a
// warning. Fails (kInvalidInput) when the body is not JSON or neither an array nor an object.
Result<model::Batch> ParseDependabotAlerts(std::string_view bytes);

// OSV ecosystem for Dependabot's ecosystem name ("pip" → "PyPI", "rust" → "crates.io"), or
// nullopt when unknown.
std::optional<std::string> OsvEcosystemFromDependabot(std::string_view ecosystem);

}  // namespace vs::parsers
