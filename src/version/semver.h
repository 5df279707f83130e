// TODO: scheme semver (being written).
#pragma once

#include <string_view>

#include "core/result.h"

namespace vs::version {

Status ValidateSemver(std::string_view v);
Result<int> CompareSemver(std::string_view a, std::string_view b);

}  // namespace vs::version
