// RubyGems version ordering: Gem::Version#<=> as RubyGems 3.3.15 (Ruby 3.1, Debian 12)
// implements it. Pure and thread-safe; comparing two valid versions allocates nothing.
// See docs/versions/gem.md.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok when Gem::Version.correct?(v): ANCHORED_VERSION_PATTERN, i.e. optional
// surrounding whitespace around "<digits>(.<alnum>+)*(-<alnum or ->+(.<alnum or ->+)*)?".
// An empty or all-whitespace string is valid and means "0", as in RubyGems. Otherwise
// kInvalidInput with the reason.
Status ValidateGem(std::string_view v);

// Returns Gem::Version.new(a) <=> Gem::Version.new(b): -1, 0 or 1.
// Errors: kInvalidInput from ValidateGem, prefixed with the offending side.
Result<int> CompareGem(std::string_view a, std::string_view b);

}  // namespace vs::version
