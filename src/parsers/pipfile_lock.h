// Pipfile.lock (pipenv): the "default" and "develop" sections' pinned packages as PyPI
// packages. Pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: a JSON object whose "_meta" names a "pipfile-spec" (95), or any JSON object named
// Pipfile.lock (60).
int SniffPipfileLock(std::string_view head, std::string_view file_name);

// One package per entry of "default" and "develop" with a "version" "==X" ("==" stripped);
// a package in both sections is reported once. Entries without a version that point at a path
// or are editable (the project itself) are skipped silently; git/file/url entries and bad
// entries become warnings named by the package. Errors (kInvalidInput): not JSON, or an object
// with neither "default" nor "develop".
Result<model::Batch> ParsePipfileLock(std::string_view bytes);

}  // namespace vs::parsers
