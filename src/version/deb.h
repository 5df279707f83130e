// Debian version ordering ([epoch:]upstream[-revision]) exactly as dpkg's libdpkg orders it
// (lib/dpkg/parsehelp.c parseversion, lib/dpkg/version.c dpkg_version_compare). Pure and
// thread-safe; comparing two valid versions allocates nothing. Rules: docs/versions/deb.md.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok when dpkg accepts `v` (possibly with a warning, as `dpkg --compare-versions`
// does: a non-digit start or characters outside the policy alphabet only warn), else
// kInvalidInput with dpkg's reason, e.g. "epoch in version is too big" or "revision number is
// empty".
Status ValidateDeb(std::string_view v);

// Returns -1, 0 or 1 as `a` orders before, equal to, or after `b` under dpkg's rules, or the
// kInvalidInput error of the first invalid side, prefixed with "left"/"right".
Result<int> CompareDeb(std::string_view a, std::string_view b);

}  // namespace vs::version
