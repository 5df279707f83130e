// pip requirements files (pip.pypa.io "Requirements File Format"): the pinned requirements
// `name==version` as PyPI packages. Also home of PypiPackage, shared by the Python lockfile
// parsers (pipfile_lock, poetry_lock, uv_lock). Pure functions.
#pragma once

#include <string_view>

#include "core/result.h"
#include "model/batch.h"
#include "model/package.h"

namespace vs::parsers {

// 0..100: a file name containing "requirements" or "constraints" and ending ".txt" whose first
// lines look like requirements (90), or content alone when most lines are `name==version` pins.
int SniffRequirementsTxt(std::string_view head, std::string_view file_name);

// One package per pinned requirement (`==` or `===`, not a `==1.*` wildcard); names kept as
// written, extras and environment markers dropped, duplicates reported once. Unpinned and
// direct-URL requirements become warnings ("line N"), option lines (-r, -c, -e, --index-url…)
// are skipped. Errors (kInvalidInput): NUL bytes, or lines none of which is a requirement.
Result<model::Batch> ParseRequirementsTxt(std::string_view bytes);

// A PyPI package as the Python inventory parsers report it: ecosystem "PyPI", name and version
// as written, purl `pkg:pypi/<name lower-cased, '_' → '-'>@<version>` (purl-spec pypi type).
model::Package PypiPackage(std::string_view name, std::string_view version);

}  // namespace vs::parsers
