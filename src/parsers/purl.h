// Package URLs (package-url/purl-spec) and the mapping from purl types and SBOM operating-system
// names to OSV ecosystems; shared by the SBOM parsers (cyclonedx, spdx) and by the scanner.
// Pure functions, no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "model/package.h"

namespace vs::parsers {

// A parsed purl: `pkg:<type>/<ns>/<name>@<version>?<qualifiers>#<subpath>`. Every part is
// percent-decoded; type-specific normalisation (e.g. pypi lower-case with '_' → '-') is applied.
struct PurlParts {
  std::string type;     // Lower-case: "deb", "npm", "maven", …
  std::string ns;       // Namespace ("namespace" is a C++ keyword): "debian", "@angular", "org.x".
  std::string name;     // Never empty.
  std::string version;  // Empty when the purl has none.
  std::vector<std::pair<std::string, std::string>> qualifiers;  // Sorted by key; keys lower-case.
  std::string subpath;  // Segments joined by '/', without "." or "..".
  bool operator==(const PurlParts&) const = default;
};

// Parses a purl. Accepts "pkg:" in any case and the tolerated "pkg://" form, and an unencoded
// '@' in a namespace (npm scopes written "@angular"). Returns kInvalidInput ("purl: …") when the
// scheme, type or name is missing or invalid, a percent escape is malformed, a qualifier key is
// invalid, or a type that requires a namespace (deb, rpm, apk, maven, composer) has none.
Result<PurlParts> ParsePurl(std::string_view purl);

// Canonical string of `parts` (purl-spec "how to build"): qualifiers sorted, empty values
// dropped, ':' left unencoded, everything outside [A-Za-z0-9.-_~] percent-encoded ('+' → %2B).
std::string BuildPurl(const PurlParts& parts);

// Value of qualifier `key` (lower-case), or "" when absent.
std::string_view PurlQualifier(const PurlParts& parts, std::string_view key);

// OSV ecosystem of a purl type: npm → "npm", pypi → "PyPI", golang → "Go", maven → "Maven",
// cargo → "crates.io", gem → "RubyGems", nuget → "NuGet", composer → "Packagist", hex → "Hex",
// pub → "Pub"; OS types by namespace: deb/debian → "Debian", rpm/rocky → "Rocky Linux",
// apk/wolfi → "Wolfi", … Returns "" for types or namespaces without an OSV ecosystem.
std::string_view PurlTypeToEcosystem(std::string_view type, std::string_view ns = {});

// True for the distribution package types (deb, rpm, apk), whose ecosystem release comes from
// the operating system rather than from the purl.
bool IsOsPurlType(std::string_view type);

// The package name as OSV spells it for the purl's ecosystem: Maven "group:artifact", npm
// "@scope/name", Go and Composer "namespace/name", otherwise the name.
std::string PurlPackageName(const PurlParts& parts);

// The version in the ecosystem's own syntax: for deb and rpm a non-zero `epoch` qualifier is
// put back in front ("1:2.38.1-5+deb12u3"); otherwise the purl version unchanged.
std::string PurlPackageVersion(const PurlParts& parts);

// A package from a purl: ecosystem (PurlTypeToEcosystem), name (PurlPackageName), version
// (PurlPackageVersion), arch (qualifier), purl (BuildPurl). Source name/version come from Syft's
// `upstream` qualifier when present ("glibc", "glibc@2.36-9", "openssl-3.0.7-24.el9.src.rpm"),
// else stay empty.
model::Package PackageFromPurl(const PurlParts& parts);

// True for version strings SBOM tools write when there is no release version: "" and SPDX's
// "NOASSERTION"/"NONE", and Go's "(devel)" for a main module built from a checkout.
bool IsPlaceholderVersion(std::string_view version);

// The ecosystem for a package of `purl_ecosystem` on `os`: os.ecosystem ("Debian:12") when it is
// the same distribution with a release, else `purl_ecosystem` unchanged ("npm", "Debian").
std::string OsPackageEcosystem(std::string_view purl_ecosystem, const model::OsInfo& os);

// Operating system from the name and version an SBOM gives it (CycloneDX "operating-system"
// component, SPDX OPERATING-SYSTEM package): ("debian", "12.11") → {debian, 12, "Debian:12"},
// ("ubuntu", "22.04") → {ubuntu, 22.04, "Ubuntu:22.04"}, ("alpine", "3.19.1") →
// {alpine, 3.19.1, "Alpine:v3.19"}. Accepts Trivy's family names ("alma", "redhat", "amazon")
// and os-release IDs ("almalinux", "rhel", "amzn"). Returns nullopt when the name is empty; an
// unknown name gives the lower-cased family with an empty ecosystem.
std::optional<model::OsInfo> OsInfoFromNameVersion(std::string_view name, std::string_view version);

}  // namespace vs::parsers
