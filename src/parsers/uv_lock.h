// uv.lock (astral-sh/uv, lockfile version 1): its registry [[package]] entries as PyPI
// packages. Pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: a TOML document with [[package]] tables whose source is an inline table such as
// `source = { registry = "…" }` (90, 95 when named uv.lock); named uv.lock alone: 60.
int SniffUvLock(std::string_view head, std::string_view file_name);

// One package per [[package]] with `source = { registry = … }` (name, version as written);
// duplicates (the same release resolved for several markers) reported once. The project
// itself and other local code (editable, virtual, directory sources) are skipped silently;
// git, url and path sources with a warning. Errors (kInvalidInput): not TOML, or neither
// [[package]] nor a top-level `version`.
Result<model::Batch> ParseUvLock(std::string_view bytes);

}  // namespace vs::parsers
