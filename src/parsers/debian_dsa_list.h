// Debian security tracker advisory lists (salsa.debian.org/security-tracker-team/security-tracker,
// data/DSA/list and data/DLA/list) → one advisory per DSA/DLA entry.
// Pure functions, no state; safe to call from any thread.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` starts a DSA/DLA list: the first non-empty line looks like
// "[13 Mar 2023] DSA-5373-1 …" (or DLA-). `file_name` is ignored.
int SniffDebianDsaList(std::string_view head, std::string_view file_name);

// Parses a whole list. Each "[d Mon yyyy] DSA-N-M title" entry becomes advisory "DSA-N-M" (id as
// given) with aliases = the CVEs of its "{…}" line, summary = the title, published = the date
// (RFC 3339, midnight UTC); each "[codename] - pkg version" line becomes an Affected in
// "Debian:<release>" with range introduced "0", fixed <version> (none for <unfixed> and
// <end-of-life>; <not-affected> adds nothing). Errors: kInvalidInput when the bytes hold no
// entry header at all.
Result<model::Batch> ParseDebianDsaList(std::string_view bytes);

}  // namespace vs::parsers
