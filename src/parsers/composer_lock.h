// composer.lock → Packagist packages. Pure functions, no state.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: a JSON object with Composer's "_readme" text or "content-hash" plus "packages"; the
// name composer.lock raises it.
int SniffComposerLock(std::string_view head, std::string_view file_name);

// Returns one package per distinct (name, version) from "packages" and "packages-dev". A
// leading "v" is dropped ("v5.4.3" → "5.4.3") because Packagist advisories in OSV give bare
// versions; branch installs ("dev-master", "2.x-dev") are skipped with a warning and path
// repositories silently. Fails with kInvalidInput ("composer_lock: …") when the bytes are not a
// JSON object with a "packages" array.
Result<model::Batch> ParseComposerLock(std::string_view bytes);

}  // namespace vs::parsers
