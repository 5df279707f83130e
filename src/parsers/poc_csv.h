// Lists of CVEs with public proof-of-concept code (formats.md §7.5), as CSV with a `cve_id`
// column — e.g. the PoC-in-GitHub index "cve_id,year,nomi_sec_json_url" → ExploitRef{kPoc}.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence that `head` is a PoC list: a CSV header whose first column is `cve_id` (90; 95 with
// nomi_sec_json_url).
int SniffPocCsv(std::string_view head, std::string_view file_name);

// Parses the list: each row gives ExploitRef{cve_id, kPoc, id = "", reference = the URL column
// (nomi_sec_json_url, else url, else html_url; empty without one)}, once per (CVE, URL). Rows
// whose cve_id is not a valid CVE id (the index has junk such as "CVE-2014-160") are skipped
// with a warning. Fails (kInvalidInput) when the header has no cve_id column.
Result<model::Batch> ParsePocCsv(std::string_view bytes);

}  // namespace vs::parsers
