// A team's own exploit intelligence as CSV with the header `cve,source,reference` (any column
// order, extra columns ignored) → ExploitRef{cve, kCustom, id = source, reference}.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is a team intel CSV: a header with cve, source and reference columns (90).
int SniffIntelCsv(std::string_view head, std::string_view file_name);

// Parses the CSV: each row gives ExploitRef{cve (upper-cased), kCustom, id = source (trimmed),
// reference (trimmed)}. Rows with an invalid CVE id, broken quoting or a wrong field count are
// skipped with a warning. Fails (kInvalidInput) when the header lacks one of the three columns.
Result<model::Batch> ParseIntelCsv(std::string_view bytes);

}  // namespace vs::parsers
