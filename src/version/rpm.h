// RPM version ordering ([epoch:]version[-release]) exactly as librpm's rpmverCmp() orders
// what rpmverParse() splits, with rpmvercmp() for each part. Pure and thread-safe; comparing
// two valid versions allocates nothing. Rules and the validity policy: docs/versions/rpm.md.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok when `v` is an EVR that rpmbuild accepts in a versioned dependency: optional
// all-digit epoch before the only ':', a non-empty version and, after the only '-', a
// non-empty release, built from letters, digits and "._+%{}~^" with no "..". Otherwise
// kInvalidInput with the reason, e.g. "release is empty" or "character ' ' not allowed".
Status ValidateRpm(std::string_view v);

// Returns -1, 0 or 1 as `a` orders before, equal to, or after `b` (epoch, then version, then
// release; a missing release sorts before any release), or the kInvalidInput error of the
// first invalid side, prefixed with "left"/"right".
Result<int> CompareRpm(std::string_view a, std::string_view b);

}  // namespace vs::version
