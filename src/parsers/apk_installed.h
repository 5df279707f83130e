// apk-tools' database of installed packages (/lib/apk/db/installed on Alpine, Wolfi and
// Chainguard images) → model::Package with ecosystem "Alpine".
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` is an apk installed database: "X:value" lines with "P:" and
// "V:" records. The file name "installed" raises the score but is not required.
int SniffApkInstalled(std::string_view head, std::string_view file_name);

// Parses the blank-line separated records; uses P (name), V (version), A (arch) and o (origin
// = source package), ignores every other field. Each package gets ecosystem "Alpine" (the
// scanner adds the release, e.g. "Alpine:v3.19"), source name = origin (default: the name),
// source version = version, and purl pkg:apk/alpine/<name>@<version>?arch=<arch>. A record
// without P or V, or with a line that is not "X:value", becomes a warning. Returns
// kInvalidInput for binary data or text without any "P:" line.
Result<model::Batch> ParseApkInstalled(std::string_view bytes);

}  // namespace vs::parsers
