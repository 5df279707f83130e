// Vuls scan/report result JSON (future-architect/vuls models/scanresults.go, jsonVersion 4;
// formats.md §3.3): one ScanResult object, or the array of them that `vuls server` answers →
// one model::AssetReport per server with its inventory and Vuls' findings, plus Vuls' exploit
// evidence as model::ExploitRef.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is a Vuls result: JSON with "scannedCves" (95), or with
// "jsonVersion" and "serverName" (90).
int SniffVulsJson(std::string_view head, std::string_view file_name);

// Asset: kind host, key serverName ("<container name>@<serverName>" for a container result),
// os from family/release (OSV ecosystem with release; a family without one is a warning),
// instance_id from platform.instanceID. Inventory: `packages` (name → {name, version, release,
// arch}) with version "version-release" (rpm families put the epoch in version: "1:1.0.2k"),
// source name/version from SrcPackages (Go reads "srcPackages" too: the key is matched either
// way) via binaryNames; has_inventory only when packages is non-empty (an empty map leaves the
// stored inventory alone, with a warning). Findings: one per scannedCves entry and affected
// package (affectedPackages, and libraryFixedIns with the library's Trivy type as ecosystem):
// fixed_version fixedIn (empty when notFixedYet), status_reason fixState, aliases the
// distroAdvisories ids, CVSS from cveContents in this order: the family's own sources
// ("amazon", "redhat", "redhat_api", …), nvd, then the rest by name (v3 before v4.0 before v2);
// severity the first cvss3/cvss2 severity word in that order, else distroAdvisories severity,
// else the score's rating; summary and url likewise. exploits (OffensiveSecurity → exploitdb,
// GitHub → poc), metasploits and cisa kevs become Batch::exploits. A CVE without any affected
// package is a warning. Returns kInvalidInput when the document is not JSON or holds no object
// with a serverName.
Result<model::Batch> ParseVulsJson(std::string_view bytes);

}  // namespace vs::parsers
