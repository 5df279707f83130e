// yum/dnf updateinfo.xml (Amazon Linux ALAS and other rpm repositories) → advisories with one
// affected rpm per package name and an ECOSYSTEM range fixed at epoch:version-release.
// Pure functions, no state; safe to call from any thread.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` starts an updateinfo document (`<updates>` root holding
// `<update>` elements). `file_name` is ignored.
int SniffYumUpdateinfo(std::string_view head, std::string_view file_name);

// Parses a whole updateinfo.xml. Only type="security" updates become advisories (bugfix and
// enhancement updates carry no CVEs and are skipped silently). The ecosystem comes from the
// ALAS id prefix (ALAS- → "Amazon Linux:1", ALAS2… → "Amazon Linux:2", ALAS2022… / ALAS2023…);
// other ids get ecosystem "" (see ParseYumUpdateinfoFor). Errors: kInvalidInput when the bytes
// are not XML or the root element is not <updates>.
Result<model::Batch> ParseYumUpdateinfo(std::string_view bytes);

// Same as ParseYumUpdateinfo, but updates whose id has no Amazon Linux prefix get `ecosystem`
// (e.g. "AlmaLinux:9" when the importer knows which repository the file came from). A
// recognised ALAS prefix still wins, since it names the release exactly.
Result<model::Batch> ParseYumUpdateinfoFor(std::string_view bytes, std::string_view ecosystem);

}  // namespace vs::parsers
