// Assets (what runs where) and what one collection run reports about them: inventories that
// our matcher evaluates, and findings that another tool (Dependabot, Trivy, Vuls, a DAST
// scanner) already matched. Collectors and import parsers produce these; the store applies
// them atomically.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/package.h"
#include "model/severity.h"

namespace vs::model {

enum class AssetKind { kEc2, kHost, kRepository, kImage, kWebApp };

// "ec2", "host", "repository", "image", "webapp".
std::string_view AssetKindName(AssetKind kind);
std::optional<AssetKind> ParseAssetKind(std::string_view name);

struct Asset {
  AssetKind kind = AssetKind::kHost;
  // Stable identity within the kind, chosen by the collector and never shown as a label:
  //   ec2        "<account>/<region>/<instance-id>", or "<account>/<region>/asg/<name>" for
  //              a de-duplicated auto-scaling group
  //   host       the host name ("vuls" pushes, local scans)
  //   repository "<host>/<owner>/<name>" ("github.com/acme/api")
  //   image      "<repository>@<digest>" when the digest is known, else the reference
  //   webapp     the base URL
  std::string key;
  std::string name;  // Display name: instance Name tag, ASG name, repo full name, image ref.

  // ec2
  std::string account_id;
  std::string region;
  std::string instance_id;  // The representative instance of an ASG asset.
  std::string ami;
  std::string asg;
  std::string platform;              // "Amazon Linux 2", "Ubuntu 22.04".
  std::vector<std::string> members;  // Instance ids merged into this asset (ASG de-duplication).
  std::string note;                  // How it was de-duplicated / why unsupported, for the UI.

  // repository
  std::string repo;  // "owner/name".
  std::string default_branch;
  std::vector<std::string> manifests;

  // image
  std::string image;   // Reference as deployed: "ghcr.io/acme/api:1.4".
  std::string digest;  // "sha256:…" when known.
  std::vector<std::string> namespaces;
  std::vector<std::string> workloads;  // "namespace/Kind/name".

  std::map<std::string, std::string> tags;
  std::string team;  // Owner from the source itself; ownership rules fill it otherwise.
  std::optional<OsInfo> os;
  bool operator==(const Asset&) const = default;
};

// A finding another tool already matched; enriched with our exploit intelligence later.
struct ExternalFinding {
  std::string vulnerability_id;  // CVE when the source gives one, else GHSA/rule id.
  std::vector<std::string> aliases;
  Severity severity = Severity::kUnknown;
  double cvss_score = -1;
  std::string cvss_vector;
  std::optional<double> epss;  // When the source provides it (Dependabot does).
  Package package;             // For DAST results: ecosystem "web", name = the rule.
  std::string fixed_version;   // "": no fix known.
  std::string vulnerable_range;
  std::string dependency_scope;  // Dependabot: "runtime" or "development"; "" unknown.
  std::string summary;
  std::string url;          // Link back to the source (alert html_url, rule help).
  std::string external_id;  // Alert number, rule id + location: unique within the asset.
  // Status the source reports: "open", "resolved" (fixed upstream) or "suppressed"
  // (dismissed), with the reason it gives.
  std::string status = "open";
  std::string status_reason;
  bool operator==(const ExternalFinding&) const = default;
};

// One asset as one collection saw it.
struct AssetReport {
  Asset asset;
  // When true, `packages` replaces the asset's stored inventory (matched by our matcher);
  // when false the stored inventory is left as it is.
  bool has_inventory = false;
  std::vector<Package> packages;
  // Findings from the source itself (source name in Collection::source).
  std::vector<ExternalFinding> findings;
  bool operator==(const AssetReport&) const = default;
};

// Everything one run of one collector (or one import) produced.
struct Collection {
  std::string source;  // "ssm", "github", "prometheus", "import", "vuls", …
  // Finding source for external findings: "dependabot", "trivy", "vuls", "sarif".
  std::string finding_source;
  // The partitions this run covered completely ("ssm:123456789012:eu-west-1",
  // "github:acme"). A stored asset of `source` in a covered scope that the run did not
  // report is gone: it is retired and its findings resolve. Empty for additive imports.
  std::vector<std::string> scopes;
  std::vector<AssetReport> assets;
  // Scope each asset belongs to (parallel to `assets`; "" when additive).
  std::vector<std::string> asset_scopes;
  std::vector<std::string> errors;  // Per-partition failures; their scopes are not covered.
  // Records skipped or doubtful ("file: record: reason"); they do not make the run partial.
  std::vector<std::string> warnings;
  std::map<std::string, std::string> stats;  // E.g. Athena bytes scanned and cost.
};

}  // namespace vs::model
