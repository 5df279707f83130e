// pnpm-lock.yaml (lockfileVersion 5.x, 6.x, 9.x) → npm packages. Pure functions, no state.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: a YAML document opening with `lockfileVersion:`; the name pnpm-lock.yaml raises it.
int SniffPnpmLock(std::string_view head, std::string_view file_name);

// Returns one package per distinct (name, version) in the `packages` map. Keys by lockfile
// version: 5.x "/name/1.2.3_peer@1.0.0", 6.x "/name@1.2.3(peer@1.0.0)", 9.x "name@1.2.3"; peer
// suffixes are stripped, scoped names kept. Keys that are not registry packages (git hosts,
// tarball URLs, file:) are skipped with a warning; importers (the project and its workspaces)
// are not packages. Empty input gives an empty batch; fails with kInvalidInput ("pnpm_lock: …")
// when the bytes are not YAML or not a mapping with lockfileVersion.
Result<model::Batch> ParsePnpmLock(std::string_view bytes);

}  // namespace vs::parsers
