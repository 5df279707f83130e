// Ubuntu CVE Tracker per-CVE files (git.launchpad.net/ubuntu-cve-tracker, active/CVE-* and
// retired/CVE-*) → one UBUNTU-CVE-* advisory per file, as Canonical's OSV export names them.
// Pure functions, no state; safe to call from any thread.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is a tracker CVE file: a line starting "Candidate: CVE-". The
// 00boilerplate* templates (empty Candidate) are not claimed. `file_name` is ignored.
int SniffUbuntuCveTracker(std::string_view head, std::string_view file_name);

// Parses one CVE file into advisory "UBUNTU-CVE-YYYY-N" (aliases [CVE], details = Description,
// published = PublicDate, cvss from the CVSS: block). Each "<release>_<pkg>: <status>" line of a
// known Ubuntu release becomes an Affected in "Ubuntu:<version>[:LTS]": released (v) → fixed v;
// needed / pending / deferred → introduced "0" only; other statuses add nothing. Severity comes
// from Priority (or Priority_<pkg>). Errors: kInvalidInput for non-empty bytes without a
// "Candidate: CVE-…" line.
Result<model::Batch> ParseUbuntuCveTracker(std::string_view bytes);

}  // namespace vs::parsers
