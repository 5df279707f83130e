// Debian security tracker JSON (security-tracker.debian.org/tracker/data/json) → one
// DEBIAN-<id> advisory per CVE/TEMP id, with one affected source package per Debian release.
// Pure functions, no state; safe to call from any thread.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` starts a tracker document ({src_pkg: {CVE: {"releases":
// {codename: {"status", "repositories", …}}}}}). `file_name` is ignored.
int SniffDebianTracker(std::string_view head, std::string_view file_name);

// Parses the whole tracker JSON (~70 MB; simdjson). Per (release, source package): resolved
// with a version → fixed there, resolved with "0" → not affected (no entry), open → affected
// with no fix, undetermined → skipped. Codenames map to OSV ecosystems ("bookworm" →
// "Debian:12", "sid" → "Debian:sid"); urgency becomes Affected.severity. Ids without any
// affected entry produce no advisory. Errors: kInvalidInput when the bytes are not JSON or the
// top level is not an object.
Result<model::Batch> ParseDebianTracker(std::string_view bytes);

}  // namespace vs::parsers
