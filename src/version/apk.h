// Alpine apk-tools version ordering (Alpine, Wolfi, Chainguard, Alpaquita): the token grammar
// digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#} of apk-tools src/version.c. Pure and
// thread-safe; comparing two valid versions allocates nothing.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok if `v` is a version apk-tools accepts (apk_version_validate), else kInvalidInput
// naming the offending token, e.g. `unknown suffix "_foo"`.
Status ValidateApk(std::string_view v);

// Returns -1, 0 or 1 as `a` sorts before, equal to or after `b` under apk_version_compare;
// kInvalidInput for the first invalid side ("left: …" / "right: …").
Result<int> CompareApk(std::string_view a, std::string_view b);

}  // namespace vs::version
