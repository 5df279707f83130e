// Installed RPMs as `rpm -qa` prints them (NAME-VERSION-RELEASE.ARCH per line), and the richer
// `rpm -qa --queryformat` tables with a header row (CSV or TSV: epoch,name,version,release,arch,
// sourcerpm,…) → model::Package. The distribution is unknown here: ecosystem "" (the scanner
// sets it from /etc/os-release).
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is rpm -qa output: a CSV/TSV header naming name, version and
// release/epoch/arch/sourcerpm columns, or lines that are mostly NAME-VERSION-RELEASE.ARCH
// with a known RPM arch. A file name containing "rpm" raises the score of plain lines.
int SniffRpmQa(std::string_view head, std::string_view file_name);

// Parses either form. Version is "epoch:version-release" when the epoch is non-empty and
// non-zero ("(none)" and "0" are dropped, matching rpm's own EVR printing), else
// "version-release". With a sourcerpm column, "openssl-3.0.7-24.el9.src.rpm" gives source name
// "openssl" and source version "[epoch:]3.0.7-24.el9"; plain lines carry no source. gpg-pubkey
// pseudo-packages (imported signing keys) are skipped silently. A line or row that does not
// split into name, version and release becomes a warning ("line N"). Returns kInvalidInput for
// binary data or when no line at all parses.
Result<model::Batch> ParseRpmQa(std::string_view bytes);

}  // namespace vs::parsers
