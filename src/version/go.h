// Go module version ordering: golang.org/x/mod/semver (SemVer 2.0.0 with the "v1" / "v1.2"
// shorthands), accepting the version with or without the leading 'v' because OSV Go advisories
// omit it. Pseudo-versions and "+incompatible" need no special case: they are ordinary
// prereleases and build metadata. Pure and thread-safe; comparing valid versions allocates
// nothing.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok if `v` (optionally prefixed by one 'v') is valid for x/mod semver.IsValid, else
// kInvalidInput with the reason, e.g. `leading zero in minor version "01"`.
Status ValidateGo(std::string_view v);

// Returns -1, 0 or 1 as semver.Compare would for the 'v'-prefixed versions (build metadata
// ignored, "v1.2" == "v1.2.0"); kInvalidInput for the first invalid side ("left: …").
Result<int> CompareGo(std::string_view a, std::string_view b);

}  // namespace vs::version
