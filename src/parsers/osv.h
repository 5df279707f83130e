// OSV advisories (ossf/osv-schema): one JSON record, a JSON array of records, or JSON Lines
// (one record per line, blank lines allowed) → model::Advisory. Pure and thread-safe.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence (0..100) that `head` starts an OSV document: a JSON object with "id" and one of
// "affected", "modified" or "schema_version", alone, as the first line of JSON Lines, or as the
// first element of an array. `file_name` is ignored.
int SniffOsv(std::string_view head, std::string_view file_name);

// Parses every record into batch.advisories (source "osv"). Records that are withdrawn, lack an
// id or are not objects are skipped with a warning; a broken range (bad event object, no
// "introduced", unknown type) or an unparseable CVSS vector is dropped with a warning ending
// in "(ignored)" while the rest of the record is kept (docs/formats/osv.md). Empty input gives
// an empty batch. Fails with kInvalidInput ("osv: ...") only when the document is not JSON,
// not an object/array, or no line of a JSON Lines document is JSON.
Result<model::Batch> ParseOsv(std::string_view bytes);

}  // namespace vs::parsers
