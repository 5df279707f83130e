// NuGet packages.lock.json (version 1 and 2) → NuGet packages. Pure functions, no state.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: a JSON object with "dependencies" and NuGet's per-package "contentHash" or
// "type": "Direct"/"Transitive"; the name packages.lock.json raises it.
int SniffNugetLock(std::string_view head, std::string_view file_name);

// Returns one package per distinct (id, resolved version) across all target frameworks and
// runtime sections ("net8.0", "net8.0/linux-x64"). Direct, Transitive and CentralTransitive
// entries are packages; "Project" entries (project references) are skipped silently; an entry
// without "resolved" is a warning. Fails with kInvalidInput ("nuget_lock: …") when the bytes
// are not a JSON object with a "dependencies" object.
Result<model::Batch> ParseNugetLock(std::string_view bytes);

}  // namespace vs::parsers
