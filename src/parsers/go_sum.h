// go.sum (go.dev/ref/mod#go-sum-files): the modules whose content was hashed, one per module at
// its highest version, as Go packages. Pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"

namespace vs::parsers {

// 0..100: lines "module version[/go.mod] h1:hash" (90, 95 when named go.sum).
int SniffGoSum(std::string_view head, std::string_view file_name);

// One package per module: the highest version (vs::version::CompareGo) among its lines that
// hash the module's content, i.e. without the "/go.mod" suffix. This approximates the build
// list: go.sum holds every version the module graph mentions and minimal version selection
// builds with the highest required one, but it may name modules (or versions) that the main
// module's packages do not import; go.mod or `go version -m` is exact. Modules with only
// "/go.mod" lines (graph pruned, content never downloaded) are left out. Bad lines become
// warnings "line N". Errors (kInvalidInput): NUL bytes, or lines none of which parses.
Result<model::Batch> ParseGoSum(std::string_view bytes);

}  // namespace vs::parsers
