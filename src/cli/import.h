// `vulnscope import FILE...`: reports of other tools (Trivy JSON, Vuls JSON, SARIF,
// Dependabot alert exports) and inventories (CycloneDX, SPDX, lockfiles, package lists) into
// the store, each file in one transaction. Also used by POST /api/v1/import.
#pragma once

#include <string>
#include <string_view>

#include "cli/commands.h"
#include "config/config.h"
#include "model/asset.h"

namespace vs::cli {

void AddImport(CLI::App& app, GlobalOptions& global);

struct ImportOptions {
  std::string asset;  // Name for an inventory without its own (default: the file name).
  std::string kind = "host";
  std::string team;
  std::string os;  // For package lists without OS information (rpm -qa, dpkg status).
};

// Turns one document into a collection: format detected from content. Errors: kInvalidInput
// (not a report or inventory, or unreadable).
Result<model::Collection> CollectionFromDocument(std::string_view name, std::string_view bytes,
                                                 const ImportOptions& opts);

}  // namespace vs::cli
