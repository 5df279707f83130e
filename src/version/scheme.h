// The contract every version scheme implements: validate a version string and order two of
// them under the ecosystem's own rules. Functions are pure and thread-safe; comparing two
// valid versions allocates nothing.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok if `v` is a version of the scheme, else kInvalidInput with the reason.
using ValidateFn = Status (*)(std::string_view v);

// Returns -1, 0 or 1 as `a` orders before, equal to, or after `b`; kInvalidInput naming the
// offending side ("left"/"right") when either is not a valid version.
using CompareFn = Result<int> (*)(std::string_view a, std::string_view b);

struct Scheme {
  std::string_view key;          // "deb": registry key, CLI value and file name in one string.
  std::string_view description;  // One line for --help and docs.
  ValidateFn validate;
  CompareFn compare;
};

}  // namespace vs::version
