// go.mod (go.dev/ref/mod#go-mod-file): the `require`d modules, after `replace` directives, as Go
// packages. Also home of GoPackage, shared with the go_sum parser. Pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"
#include "model/package.h"

namespace vs::parsers {

// 0..100: a `module` directive with `go`/`require` directives (90, 95 when named go.mod).
int SniffGoMod(std::string_view head, std::string_view file_name);

// One package per `require` (single-line and block form, `// indirect` ones included), versions
// as written ("v1.2.3"). `replace old [v] => new v2` substitutes new@v2 (a versioned replacement
// wins over an unversioned one); `replace old => ./dir` drops the module with a warning.
// `module`, `go`, `toolchain`, `exclude`, `retract`, `godebug`, `tool` and `ignore` report
// nothing. Bad lines and invalid versions become warnings "line N". Errors (kInvalidInput): NUL
// bytes, or lines none of which is a go.mod directive.
Result<model::Batch> ParseGoMod(std::string_view bytes);

// A Go module as the Go inventory parsers report it: ecosystem "Go", name = module path,
// version as written, purl `pkg:golang/<path up to the last '/'>/<last element>@<version>`
// (case kept, purl-spec golang type).
model::Package GoPackage(std::string_view module, std::string_view version);

}  // namespace vs::parsers
