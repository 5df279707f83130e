// Legacy npm advisories of the Node.js Security WG (nodejs/security-wg vuln/npm/*.json, the
// Node Security Project / ^Lift era) → model::Advisory, with node-semver range expressions
// converted to OSV SEMVER events. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "model/advisory.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence (0..100) that `head` starts a security-wg document: a JSON object (alone, as the
// first JSON line, or inside the `index.json` id → record map) with "module_name" and
// "vulnerable_versions" (90), or a core record with "vulnerable" and "patched" and "cve" (60).
// `file_name` is ignored.
int SniffNpmSecurityWg(std::string_view head, std::string_view file_name);

// Parses one record, JSON Lines of records, an array, or the index.json map ("1": record).
// npm records become "NSWG-ECO-<id>" (ecosystem npm, package module_name, aliases = CVEs).
// Core records (vuln/core: the Node.js runtime itself, no OSV ecosystem, no id in the record)
// are skipped with a warning. A record whose vulnerable_versions cannot be converted is skipped
// with a warning. Fails with kInvalidInput ("npm_security_wg: ...") only when the document is
// not JSON / not objects.
Result<model::Batch> ParseNpmSecurityWg(std::string_view bytes);

// Converts a node-semver range ("<=1.2.3 || >=2.0.0 <2.1.0", "^1.2", "1.x", "1.2.3 - 2.0")
// into OSV SEMVER ranges, one per `||` alternative (a version is affected when any range
// matches). Desugaring follows node-semver's README ("Advanced Range Syntax"): `~1.2.3` →
// >=1.2.3 <1.3.0-0, `>1.2.3` → >=1.2.4-0, partial upper bounds end at the next `-0`.
// kInvalidInput with the reason when any part is not convertible.
Result<std::vector<model::AffectedRange>> NodeSemverToOsvRanges(std::string_view range);

}  // namespace vs::parsers
