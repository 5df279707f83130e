// victims CVE database (victims/victims-cve-db database/{java,python}/<year>/<n>.yaml, or the same
// records as JSON / JSON Lines) → model::Advisory for Maven and PyPI. Pure and thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence (0..100) that `head` starts a victims record: YAML with top-level `cve:` and
// `affected:` lines, or JSON with "cve" and "affected", plus "version", "fixedin" or "groupId"
// (90).
// `file_name` is ignored.
int SniffVictims(std::string_view head, std::string_view file_name);

// One advisory "VICTIMS-CVE-YYYY-NNNN" (alias the CVE) per record; affected Maven
// "groupId:artifactId" or PyPI `name`, one ECOSYSTEM range per `version` entry
// ("<=1.2.3,1.2" = up to 1.2.3 within the 1.2 series; docs/formats/victims.md). Bad entries →
// warnings. Fails with kInvalidInput ("victims: ...") when the bytes are neither YAML nor JSON
// records.
Result<model::Batch> ParseVictims(std::string_view bytes);

}  // namespace vs::parsers
