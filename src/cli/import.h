// `vulnscope import FILE...`: reports of other tools (Trivy JSON, Vuls JSON, SARIF,
// Dependabot alert exports) and inventories (CycloneDX, SPDX, lockfiles, package lists) into
// the store, each file in one transaction. Also used by POST /api/v1/import.
#pragma once

#include <string>
#include <string_view>

#include "cli/commands.h"
#include "collectors/report_import.h"

namespace vs::cli {

using collectors::CollectionFromDocument;
using collectors::ImportOptions;

void AddImport(CLI::App& app, GlobalOptions& global);

}  // namespace vs::cli
