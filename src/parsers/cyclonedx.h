// CycloneDX JSON SBOMs (spec 1.2–1.7, formats.md §6.2) → model::Package per component with a
// purl, and the operating system when the BOM names one.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is a CycloneDX BOM: JSON with "bomFormat": "CycloneDX" (95) or
// the CycloneDX JSON schema URL (85); XML with the CycloneDX namespace (60, so that it is
// identified and then refused with a clear error rather than left unrecognised).
int SniffCyclonedx(std::string_view head, std::string_view file_name);

// Walks `components` recursively (nested "components" included). A component with a purl
// becomes a package (see PackageFromPurl: Maven "group:artifact", epoch qualifier folded into
// deb/rpm versions; the component's "version" fills in a versionless purl); Trivy's
// aquasecurity:trivy:SrcName/SrcVersion/SrcRelease/SrcEpoch properties give the source package
// and aquasecurity:trivy:FilePath the location. An "operating-system" component (or
// metadata.component of that type) becomes Batch.os, and the packages of that distribution get
// its ecosystem with release ("Debian:12"). Warnings: unparsable purl, no version, library or
// framework components without purl, purl types without an OSV ecosystem (one warning per
// type). metadata.component (the BOM's subject) and `vulnerabilities` are not read.
// Returns kUnsupported for XML BOMs and kInvalidInput when the document is not JSON or not an
// object with "bomFormat": "CycloneDX".
Result<model::Batch> ParseCyclonedx(std::string_view bytes);

}  // namespace vs::parsers
