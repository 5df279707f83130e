// Trivy JSON reports (`trivy … -f json`: SchemaVersion 2, and the bare array of results that
// Trivy wrote before v0.20; formats.md §6.1) → one model::AssetReport with Trivy's findings and,
// when the report lists packages, the inventory.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is a Trivy JSON report: an object with "SchemaVersion" and
// "ArtifactName"/"Results" (95), or a legacy array whose first element has "Target" and
// "Vulnerabilities" or "Type" (80).
int SniffTrivyJson(std::string_view head, std::string_view file_name);

// OSV ecosystem of a Trivy language result/package Type (trivy pkg/fanal/types/const.go):
// npm, yarn, pnpm, bun, node-pkg → "npm"; pip, pipenv, poetry, uv, python-pkg → "PyPI";
// gomod, gobinary → "Go"; jar, pom, gradle, sbt → "Maven"; cargo, rust-binary → "crates.io";
// composer, composer-vendor → "Packagist"; bundler, gemspec → "RubyGems"; nuget, dotnet-core,
// packages-props → "NuGet"; hex → "Hex"; pub → "Pub"; swift → "SwiftURL". "" for other types
// (OS types included). Shared with vuls_json, whose library scanners are Trivy's.
std::string_view TrivyTypeEcosystem(std::string_view type);

// Parses one report into Batch::reports (exactly one AssetReport).
// Asset: ArtifactType container_image (or a legacy report) → kind image, image = ArtifactName,
// digest = the digest of Metadata.RepoDigests[0], else Metadata.ImageID, key
// "<repository>@<digest>" (repository = RepoDigests[0] before '@', else ArtifactName without its
// tag), or ArtifactName when there is no digest; repository → kind repository keyed
// "host/owner/name" for a URL, else the name as given; filesystem, rootfs, vm and anything
// else → kind host keyed by ArtifactName. Metadata.OS → asset.os (OSV ecosystem with release).
// Results: os-pkgs use the OS ecosystem, lang-pkgs TrivyTypeEcosystem(Type) (else the PURL
// type's ecosystem); config/secret/license results are ignored. Each vulnerability becomes an
// ExternalFinding: id VulnerabilityID, aliases VendorIDs, Trivy's severity, CVSS from
// CVSS[SeveritySource] else nvd, ghsa, redhat, then any source in name order (V3 before V4.0
// before V2), fixed_version as given (may be a list), summary Title (else Description),
// url PrimaryURL, external_id "<Target>|<PkgID>|<VulnerabilityID>", status "suppressed"
// (reason not_affected) for Status not_affected, else "open". has_inventory is true when any
// result carries "Packages"; package versions rebuild [epoch:]version[-release].
// Warnings: unknown result types, vulnerabilities without id or package, unknown severities.
// Returns kInvalidInput when the document is not JSON, not an object/array of the expected
// shape, or names SchemaVersion other than 2.
Result<model::Batch> ParseTrivyJson(std::string_view bytes);

}  // namespace vs::parsers
