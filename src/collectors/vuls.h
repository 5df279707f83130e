// Vuls server mode compatibility (formats.md §3), as a pure codec: a `POST /vuls` request
// (headers + package-manager output) → the host's AssetReport, and our findings → the
// Vuls-style JSON answer. The HTTP route (token, status codes) lives in server/.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include "core/result.h"
#include "model/asset.h"
#include "model/finding.h"

namespace vs::collectors {

// Request headers by name; names are matched case-insensitively.
using VulsHeaders = std::map<std::string, std::string>;

// Reads a Vuls push. Headers: X-Vuls-OS-Family (required), X-Vuls-OS-Release (required),
// X-Vuls-Server-Name (required here: it is the host asset's key), X-Vuls-Kernel-Release
// (optional; with it, Debian/Ubuntu kernel packages — source "linux" or "linux-*" — whose name
// does not contain the running release, and rpm "kernel*" packages whose version-release.arch
// is not the running one, are dropped as Vuls does), Content-Type (text/plain, or
// application/json for an already-built ScanResult, read by parsers/vuls_json).
// Body per family: debian/ubuntu → `dpkg-query -W -f='${binary:Package},${db:Status-Abbrev},
// ${Version},${source:Package},${source:Version}\n'` (exactly 5 fields; not-installed lines
// skipped; "name (version)" source field; empty source = the binary); redhat, centos, alma,
// rocky, oracle, fedora, amazon, opensuse(.leap), suse → `rpm -qa --queryformat '%{NAME}
// %{EPOCHNUM} %{VERSION} %{RELEASE} %{ARCH} %{SOURCERPM}[ %{MODULARITYLABEL}]\n'` (6 or 7
// space-separated fields; gpg-pubkey skipped); alpine → lib/apk/db/installed.
// Returns an AssetReport {kind host, key server name, os with OSV ecosystem, has_inventory,
// packages with source names}. Errors: kInvalidInput for a missing header, a malformed line
// ("line 3: expected 5 comma-separated fields, got 4") or a body without any installed
// package; kUnsupported for a family without a body format or OSV ecosystem (windows, macos,
// raspbian, …) and for content types other than text/plain and application/json.
Result<model::AssetReport> ParseVulsPush(const VulsHeaders& headers, std::string_view body);

// The answer Vuls gives to a push: a JSON array holding one ScanResult (jsonVersion 4) with
// serverName, family (Vuls spelling: amazon, redhat, alma, oracle, …), release, packages
// (rpm "version" carries the epoch, "release" apart), SrcPackages, and scannedCves built from
// `findings` (one entry per vulnerability, one affectedPackages row per package, cveContents
// of type "vulnscope" with CVSS and summary, distroAdvisories from advisory ids, exploits
// (Exploit-DB, PoC), metasploits and a CISA kev entry from the exploit info). `reported_at`
// is written as reportedAt (RFC 3339); scannedAt is Vuls' zero time, as in server mode.
std::string RenderVulsResult(const model::AssetReport& report,
                             std::span<const model::Finding> findings,
                             std::string_view reported_at);

}  // namespace vs::collectors
