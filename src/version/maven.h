// Maven version ordering: org.apache.maven.artifact.versioning.ComparableVersion exactly as
// maven-artifact 3.8.7 implements it (Debian 12's maven), quirks included. Pure and
// thread-safe; comparing two valid versions allocates nothing. See docs/versions/maven.md.
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

// Returns Ok for a version Maven's model validator accepts as a project version at its
// strictest level (non-empty, none of \/:"<>|?*, no "${" expression, a "SNAPSHOT" ending only
// as "-SNAPSHOT") that is also printable ASCII without spaces and without version-range
// syntax ([]() and ,). Otherwise kInvalidInput with the reason.
Status ValidateMaven(std::string_view v);

// Returns the sign of ComparableVersion(a).compareTo(ComparableVersion(b)): -1, 0 or 1.
// Errors: kInvalidInput from ValidateMaven, prefixed with the offending side.
Result<int> CompareMaven(std::string_view a, std::string_view b);

}  // namespace vs::version
