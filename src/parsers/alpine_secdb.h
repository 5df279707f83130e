// Alpine secdb JSON (secdb.alpinelinux.org/v3.x/{main,community}.json) or its original YAML
// form (alpinelinux/alpine-secdb v3.x/*.yaml, converted to the same JSON first) → one ALPINE-<id>
// advisory per vulnerability id, with one affected origin package per secfixes entry.
// Pure functions, no state; safe to call from any thread.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// Confidence 0..100 that `head` starts a secdb document (an object with "distroversion" and
// "secfixes"/"apkurl"/"reponame"), or block YAML with top-level `distroversion:` and
// `packages:`/`apkurl:`/`reponame:`. `file_name` is ignored.
int SniffAlpineSecdb(std::string_view head, std::string_view file_name);

// Parses one branch document. Each id in `secfixes` becomes advisory "ALPINE-<id>" (as osv.dev's
// ALPINE-CVE-* records) in ecosystem "Alpine:<distroversion>", fixed at the secfixes key; the
// key "0" (never affected) adds nothing. Errors: kInvalidInput when the bytes are not JSON (nor
// secdb YAML) or not an object with a string "distroversion".
Result<model::Batch> ParseAlpineSecdb(std::string_view bytes);

}  // namespace vs::parsers
