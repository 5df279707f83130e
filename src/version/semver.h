// Semantic Versioning 2.0.0 as npm's node-semver orders it: what `semver.compare(a, b)`
// (strict mode, no options) accepts and returns. Used for npm, crates.io and other SemVer
// ecosystems. Pure and thread-safe; comparing two valid versions allocates nothing.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok if node-semver's strict parser accepts `v` ("1.2.3", "v1.2.3-rc.1+build.5",
// surrounding whitespace), else kInvalidInput with the reason.
Status ValidateSemver(std::string_view v);

// Returns -1, 0 or 1 as `a` orders before, equal to or after `b`: MAJOR.MINOR.PATCH
// numerically, then pre-release identifiers (SemVer §11), ignoring build metadata;
// kInvalidInput naming the side ("left"/"right") when either is not a valid version.
Result<int> CompareSemver(std::string_view a, std::string_view b);

}  // namespace vs::version
