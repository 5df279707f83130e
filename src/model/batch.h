// What one parser run returns: records of any kind plus per-record warnings (a bad row never
// fails a whole feed; an unreadable document is an error instead).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/advisory.h"
#include "model/asset.h"
#include "model/intel.h"
#include "model/package.h"

namespace vs::model {

struct Warning {
  std::string record;  // Record id or "line 17".
  std::string reason;
  bool operator==(const Warning&) const = default;
};

struct Batch {
  std::vector<Advisory> advisories;
  std::vector<ExploitRef> exploits;
  std::vector<EpssScore> epss;
  std::vector<Package> packages;
  std::optional<OsInfo> os;
  // The asset an inventory document describes, when it names one (a CycloneDX SBOM of a
  // container image): imported as that asset unless the user names another.
  std::optional<Asset> subject;
  // Reports that name their assets (Trivy, Vuls, SARIF, Dependabot alerts, SSM inventory).
  std::vector<AssetReport> reports;
  std::vector<Warning> warnings;
};

}  // namespace vs::model
