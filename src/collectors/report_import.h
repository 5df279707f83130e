// One uploaded or imported document → a collection: reports of other tools (Trivy JSON,
// Vuls JSON, SARIF, Dependabot alerts, trivy metrics) and inventories (CycloneDX, SPDX,
// lockfiles, package lists). Used by `vulnscope import` and POST /api/v1/import.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "model/asset.h"

namespace vs::collectors {

struct ImportOptions {
  std::string asset;  // Name for an inventory without its own (default: the file name).
  // Asset kind for an inventory; empty: the document's own subject (an image SBOM), else host.
  std::string kind;
  std::string team;
  std::string os;  // For package lists without OS information (rpm -qa, dpkg status).
};

// Format detected from content. Errors: kInvalidInput (a feed, not a report or inventory;
// unreadable; no asset in it).
Result<model::Collection> CollectionFromDocument(std::string_view name, std::string_view bytes,
                                                 const ImportOptions& opts);

// "debian:12", "rocky:9.3" (os-release ID:VERSION_ID) or an OSV ecosystem ("AlmaLinux:9",
// "Ubuntu:22.04:LTS"). Errors: kInvalidInput.
Result<model::OsInfo> ParseOsOption(const std::string& value);

}  // namespace vs::collectors
