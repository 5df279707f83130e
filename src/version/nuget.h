// NuGet version ordering (NuGet.Versioning NuGetVersion.TryParse + VersionComparer.Default):
// one to four int32 numeric parts (missing parts are 0, so 1.0 == 1.0.0 == 1.0.0.0), SemVer 2
// release labels compared case-insensitively, build metadata ignored. Pure and thread-safe;
// comparing two valid versions allocates nothing.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok if NuGetVersion.TryParse accepts `v`, else kInvalidInput with the reason, e.g.
// `numeric part "2147483648" exceeds 2147483647`.
Status ValidateNuget(std::string_view v);

// Returns -1, 0 or 1 as VersionComparer.Default orders `a` and `b`; kInvalidInput for the first
// invalid side ("left: …" / "right: …").
Result<int> CompareNuget(std::string_view a, std::string_view b);

}  // namespace vs::version
