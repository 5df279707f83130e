// CISA Known Exploited Vulnerabilities catalog (formats.md §7.2), JSON or its CSV twin →
// one ExploitRef{cve, kKev, id = dateAdded, reference = vulnerabilityName [+ ransomware flag]}.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is a KEV catalog: a JSON object with a string `catalogVersion` and
// `vulnerabilities` (95), or a CSV whose header starts "cveID,vendorProject" (95).
int SniffCisaKev(std::string_view head, std::string_view file_name);

// Parses known_exploited_vulnerabilities.json (or .csv). Each entry gives
// ExploitRef{cveID, kKev, id = dateAdded, reference = vulnerabilityName, with "; ransomware: Known"
// appended when knownRansomwareCampaignUse is "Known"}; values are trimmed. Entries without a
// valid cveID are skipped with a warning; a malformed dateAdded is kept (empty id) with a warning.
// Fails (kInvalidInput) when the JSON does not parse or has no `vulnerabilities` array, or the
// CSV has no cveID column.
Result<model::Batch> ParseCisaKev(std::string_view bytes);

}  // namespace vs::parsers
