// SPDX 2.x JSON documents (formats.md §6.3) → model::Package per package with a purl external
// reference, and the operating system when the document has an OPERATING-SYSTEM package.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is an SPDX JSON document: "spdxVersion": "SPDX-2.x" (95); an
// SPDX 3 JSON-LD document (60, identified so that parsing can refuse it clearly).
int SniffSpdx(std::string_view head, std::string_view file_name);

// Reads packages[]: the first externalRefs entry with referenceType "purl" (any
// referenceCategory: PACKAGE-MANAGER and PACKAGE_MANAGER both occur, spdx/spdx-spec#798) gives
// ecosystem, name and version (PackageFromPurl); versionInfo fills in a versionless purl;
// Trivy's sourceInfo "built package from: openssl 3.0.9-1" gives the source package. A package
// with primaryPackagePurpose OPERATING-SYSTEM becomes Batch.os, and packages of that
// distribution get its ecosystem with release ("Debian:12"). The packages the document
// DESCRIBES (its subject: the image, the project) are skipped silently. Warnings: unparsable
// purl, no version, a versioned LIBRARY/FRAMEWORK/APPLICATION (or unspecified purpose)
// package without purl, purl types without an OSV ecosystem (one warning per type).
// Returns kUnsupported for SPDX 3 and kInvalidInput when the document is not JSON or not an
// object with "spdxVersion".
Result<model::Batch> ParseSpdx(std::string_view bytes);

}  // namespace vs::parsers
